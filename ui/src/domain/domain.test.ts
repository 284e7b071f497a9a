import { describe, expect, it } from 'vitest';
import { canMove, deadlines, isOpen, isOverdue, nextStatuses, options, owed, requiredFor, serverOwnedFields, slaOf } from '.';

const now = Date.parse('2026-03-10T10:00:00Z');
const iso = (h: number) => new Date(now + h * 3600_000).toISOString().replace('T', ' ');

describe('deadlines (domain.Late)', () => {
  it('plan due soon, then overdue', () => {
    expect(slaOf({ status: 'registered', plan_due: iso(3), feedback_due: iso(60) }, now)?.state).toBe('soon');
    expect(slaOf({ status: 'verifying', plan_due: iso(-1), feedback_due: iso(60) }, now)).toMatchObject({ kind: 'plan', state: 'overdue' });
    expect(slaOf({ status: 'registered', plan_due: iso(10), feedback_due: iso(60) }, now)?.state).toBe('ok');
  });
  it('with a plan the resolution is owed by the same time; the plan met the feedback deadline', () => {
    const c = { status: 'proposed', plan_due: iso(-1), feedback_due: iso(40), proposed_at: iso(-2), feedback_at: iso(-2) };
    expect(owed(c, now).map((d) => d.kind)).toEqual(['handling']);
    expect(isOverdue(c, now)).toBe(true);
  });
  it('a call meets the feedback deadline, not the plan', () => {
    const c = { status: 'registered', plan_due: iso(-30), feedback_due: iso(-1), feedback_at: iso(-20) };
    expect(owed(c, now).map((d) => d.kind)).toEqual(['plan']);
  });
  it('callback window after resolution', () => {
    expect(slaOf({ status: 'resolved', callback_due: iso(-2) }, now)).toMatchObject({ kind: 'callback', state: 'overdue' });
    expect(slaOf({ status: 'resolved', callback_due: iso(20) }, now)?.state).toBe('soon');
    expect(slaOf({ status: 'resolved', callback_due: iso(-2), visited_at: iso(-3) }, now)).toBeNull();
  });
  it('nothing owed for closed or not yet registered complaints', () => {
    expect(slaOf({ status: 'closed', plan_due: iso(-100) }, now)).toBeNull();
    expect(slaOf({ status: 'registered' }, now)).toBeNull();
    expect(isOverdue({ status: 'withdrawn', plan_due: iso(-100), feedback_due: iso(-50) }, now)).toBe(false);
  });
  it('every deadline names a due field, the stamp that meets it and who owes it', () => {
    for (const d of deadlines) {
      expect(d.due).toMatch(/_due$/);
      expect(d.met).toMatch(/_at$/);
      expect(d.owed.length).toBeGreaterThan(0);
    }
  });
});

describe('workflow (domain.ComplaintFlow)', () => {
  it('offers the legal moves only', () => {
    expect(nextStatuses('complaint', 'registered')).toEqual(['verifying', 'withdrawn']);
    expect(canMove('complaint', 'resolved', 'withdrawn')).toBe(false);
    expect(canMove('rectification', 'done', 'open')).toBe(true);
    expect(nextStatuses('inspection', 'submitted')).toEqual([]);
  });
  it('open until closed or withdrawn', () => {
    expect(options('status').filter(isOpen)).toEqual(['registered', 'verifying', 'proposed', 'resolved', 'visited']);
  });
  it('what a step needs', () => {
    expect(requiredFor('proposed')).toEqual(['plan']);
    expect(requiredFor('resolved', { resolution_type: 'repair' })).toEqual(['resolution_type']);
    expect(requiredFor('resolved', { resolution_type: 'advance_compensation' })).toEqual(['resolution_type', 'amount']);
  });
  it('never sends what the server writes', () => {
    expect(serverOwnedFields('complaints')).toEqual(expect.arrayContaining(['number', 'plan_due', 'created', 'updated']));
    expect(serverOwnedFields('shops')).toEqual(['created', 'updated']);
  });
});

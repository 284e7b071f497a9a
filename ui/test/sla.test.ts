import { describe, expect, it } from 'vitest';
import { slaOf } from '../src/sla';

const now = Date.parse('2026-03-10T10:00:00Z');
const iso = (h: number) => new Date(now + h * 3600_000).toISOString().replace('T', ' ');

describe('SLA badges', () => {
  it('plan due soon, then overdue', () => {
    expect(slaOf({ status: 'registered', plan_due: iso(3), feedback_due: iso(60) }, now)?.state).toBe('soon');
    expect(slaOf({ status: 'verifying', plan_due: iso(-1), feedback_due: iso(60) }, now)).toMatchObject({ kind: 'plan', state: 'overdue' });
    expect(slaOf({ status: 'registered', plan_due: iso(10), feedback_due: iso(60) }, now)?.state).toBe('ok');
  });
  it('callback window after resolution', () => {
    expect(slaOf({ status: 'resolved', callback_due: iso(-2) }, now)).toMatchObject({ kind: 'callback', state: 'overdue' });
    expect(slaOf({ status: 'resolved', callback_due: iso(20) }, now)?.state).toBe('soon');
  });
  it('nothing due for closed or not yet registered complaints', () => {
    expect(slaOf({ status: 'closed', plan_due: iso(-100) }, now)).toBeNull();
    expect(slaOf({ status: 'registered' }, now)).toBeNull();
  });
});

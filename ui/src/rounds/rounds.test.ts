// @vitest-environment jsdom
// My rounds: the plan's period in the mall's time zone, what counts towards
// it (as the reports count), what is left and what is behind; and the bottom
// bar each role gets.
import { describe, expect, it } from 'vitest';
import type { LocalRecord } from '../db';
import { barFor, BAR_SLOTS, homeFor } from '../nav';
import { currentRounds, dayStart, periodOf } from './plan';

const SH = 'Asia/Shanghai';
// a monthly plan stored as the demo and the admin UI store it: 1 Nov 00:00 Shanghai
const plan = (over: Partial<LocalRecord> = {}): LocalRecord => ({
  _c: 'inspection_plans', id: 'plan' + Math.random(), mall: 'mallA', floor: '3F', zone: '', period: 'month',
  period_start: '2026-10-31 16:00:00.000Z', target_count: 8, ...over,
});
const insp = (over: Partial<LocalRecord>): LocalRecord => ({ _c: 'inspections', id: 'i' + Math.random(), mall: 'mallA', floor: '3F', status: 'submitted', inspector: 'me', ...over });

describe('plan periods', () => {
  it('a month and a quarter from the first day, in the mall\'s zone', () => {
    expect(periodOf(plan(), SH)).toEqual([Date.parse('2026-10-31T16:00:00Z'), Date.parse('2026-11-30T16:00:00Z')]);
    expect(periodOf(plan({ period: 'quarter', period_start: '2026-09-30T16:00:00.000Z' }), SH)[1]).toBe(Date.parse('2026-12-31T16:00:00Z'));
    // across a DST change: New York's November starts at 04:00 UTC, December at 05:00
    expect(periodOf(plan({ period_start: '2026-11-01 04:00:00.000Z' }), 'America/New_York')).toEqual([Date.parse('2026-11-01T04:00:00Z'), Date.parse('2026-12-01T05:00:00Z')]);
    expect(dayStart(2026, 13, 1, SH)).toBe(Date.parse('2026-12-31T16:00:00Z')); // month 13 rolls over
  });
});

describe('current rounds', () => {
  const now = Date.parse('2026-11-16T04:00:00Z'); // half way through November
  it('counts submitted inspections of the floor (and zone) in the period, as the reports do', () => {
    const plans = [plan({ id: 'p3' }), plan({ id: 'p2', floor: '2F', zone: '东区', target_count: 2 })];
    const list = [
      insp({ finished_at: '2026-11-02 03:00:00.000Z' }),
      insp({ finished_at: '2026-11-10 03:00:00.000Z', inspector: 'other' }),
      insp({ finished_at: '2026-10-30 03:00:00.000Z' }), // last month
      insp({ status: 'in_progress' }), // not submitted
      insp({ finished_at: '2026-11-03 03:00:00.000Z', mall: 'mallB' }), // another mall
      insp({ floor: '2F', zone: '东区', finished_at: '2026-11-05 03:00:00.000Z' }),
      insp({ floor: '2F', zone: '西区', finished_at: '2026-11-05 03:00:00.000Z' }), // another zone
      insp({ floor: '2F', zone: '东区', _base: null, inspector: undefined }), // sent from this phone, not back yet: now
    ];
    const rounds = currentRounds(plans, list, { mallA: SH }, 'me', now);
    const r3 = rounds.find((r) => r.plan.id === 'p3')!;
    expect(r3).toMatchObject({ target: 8, done: 2, mine: 1, left: 6, behind: 2 }); // 4 due by half time, 2 done
    const r2 = rounds.find((r) => r.plan.id === 'p2')!;
    expect(r2).toMatchObject({ target: 2, done: 2, mine: 2, left: 0, behind: 0 });
    expect(rounds[0].plan.id).toBe('p3'); // the one behind comes first
  });
  it('plans of other periods are not current', () => {
    expect(currentRounds([plan({ period_start: '2026-09-30 16:00:00.000Z' })], [], { mallA: SH }, 'me', now)).toEqual([]);
  });
});

describe('the bottom bar per role', () => {
  const names = (role: string) => {
    const { bar, more } = barFor(role);
    return { bar: bar.map((t) => t.href), more: more.map((t) => t.href) };
  };
  it('inspectors: rounds, inspections, rectifications first; complaints and surveys under more', () => {
    expect(names('inspector')).toEqual({ bar: ['/rounds', '/inspections', '/rectifications', '/outbox'], more: ['/complaints', '/surveys', '/settings'] });
    expect(homeFor('inspector')).toBe('/rounds');
  });
  it('service desk: complaints and surveys, no inspection screens, no more tab', () => {
    expect(names('service')).toEqual({ bar: ['/complaints', '/surveys', '/outbox', '/settings'], more: [] });
    expect(homeFor('service')).toBe('/complaints');
  });
  it('managers and admins: everything, what does not fit under more', () => {
    const m = names('manager');
    expect(m.bar).toEqual(['/complaints', '/rounds', '/inspections', '/rectifications']);
    expect(m.more).toEqual(['/surveys', '/outbox', '/settings']);
    // the service-centre manager keeps the reports and the running of the mall at hand
    expect(names('admin').bar).toEqual(['/complaints', '/reports', '/admin', '/rounds']);
    expect(names('admin').more).toEqual(['/inspections', '/rectifications', '/surveys', '/survey-points', '/outbox', '/settings']);
    for (const role of ['admin', 'manager', 'inspector', 'service']) expect(barFor(role).bar.length + (barFor(role).more.length ? 1 : 0)).toBeLessThanOrEqual(BAR_SLOTS);
  });
});

import { describe, expect, it } from 'vitest';
import { ClientResponseError } from 'pocketbase';
import {
  currentPeriod, dayLabels, formatValue, headlines, lastClosedPeriod, periodDays, periodLabel, periodOf, plainError,
  shiftPeriod, todayIn, verdict, type KPIs,
} from '../src/reports';

const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('periods (same names as reports/period.go)', () => {
  it('ISO weeks, also across the year end', () => {
    expect(periodOf('weekly', new Date(Date.UTC(2026, 10, 23)))).toBe('2026-W48'); // Monday 23 Nov 2026
    expect(periodOf('weekly', new Date(Date.UTC(2026, 10, 22)))).toBe('2026-W47'); // Sunday
    expect(periodOf('weekly', new Date(Date.UTC(2027, 0, 1)))).toBe('2026-W53'); // Friday 1 Jan 2027
    expect(periodOf('weekly', new Date(Date.UTC(2024, 11, 30)))).toBe('2025-W01');
    expect(periodDays('weekly', '2026-W47').map(iso)).toEqual(['2026-11-16', '2026-11-22']);
    expect(periodDays('weekly', '2025-W01').map(iso)).toEqual(['2024-12-30', '2025-01-05']);
  });
  it('months and stepping', () => {
    expect(periodDays('monthly', '2026-02').map(iso)).toEqual(['2026-02-01', '2026-02-28']);
    expect(shiftPeriod('monthly', '2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('monthly', '2026-12', 1)).toBe('2027-01');
    expect(shiftPeriod('weekly', '2026-W01', -1)).toBe('2025-W52');
    expect(shiftPeriod('weekly', '2026-W53', 1)).toBe('2027-W01');
  });
  it("today is the mall's calendar day, not the phone's", () => {
    const now = new Date('2026-11-22T17:30:00Z'); // Monday 01:30 in Shanghai, still Sunday in UTC
    expect(iso(todayIn('Asia/Shanghai', now))).toBe('2026-11-23');
    expect(iso(todayIn('UTC', now))).toBe('2026-11-22');
    expect(currentPeriod('weekly', 'Asia/Shanghai', now)).toBe('2026-W48');
    expect(lastClosedPeriod('weekly', 'Asia/Shanghai', now)).toBe('2026-W47');
    expect(lastClosedPeriod('weekly', 'UTC', now)).toBe('2026-W46');
    expect(lastClosedPeriod('monthly', 'Asia/Shanghai', new Date('2026-11-30T16:00:00Z'))).toBe('2026-11');
  });
  it('labels', () => {
    expect(periodLabel('weekly', '2026-W47', false)).toBe('2026年第47周（11月16日—11月22日）');
    expect(periodLabel('monthly', '2026-11', false)).toBe('2026年11月');
    expect(periodLabel('weekly', '2026-W47', true)).toBe('Week 47, 2026 (16 Nov – 22 Nov)');
    expect(dayLabels('monthly', '2026-02', 28).at(-1)).toBe('2/28');
  });
});

const ratio = (num: number, den: number) => ({ num, den, value: den ? num / den : null });
function kpis(over: Partial<KPIs> = {}): KPIs {
  const none = ratio(0, 0);
  return {
    period: '2026-W47', start: '', end: '', received: 3, major: 0, by_channel: {}, by_target: {}, per_day: [],
    resolved: 2, resolution_rate: ratio(2, 3), plan_in_24h: ratio(1, 1), avg_hours: 24, resolved_in_24h: ratio(1, 2),
    feedback_in_3_days: none, overdue_open: 1, callbacks: 0, callback_satisfaction: none, callback_on_time: ratio(98, 100),
    inspections: 0, item_pass: none, issues_found: 0, rect_done: 0, rect_on_time: none, plan_completion: none,
    customer: { responses: 0, satisfaction: none, avg_score: null }, merchant: { responses: 0, satisfaction: none, avg_score: null },
    ...over,
  };
}
const h = (key: string) => headlines.find((x) => x.key === key)!;

describe('targets (as reports/assessment.go)', () => {
  it('met, not met, and no data', () => {
    const k = kpis();
    expect(verdict(h('plan_in_24h'), k)).toBe(true);
    expect(verdict(h('resolution_rate'), k)).toBe(false);
    expect(verdict(h('avg_hours'), k)).toBe(false); // exactly 24 h is not < 24 h
    expect(verdict(h('avg_hours'), kpis({ avg_hours: 23.9 }))).toBe(true);
    expect(verdict(h('callback_on_time'), k)).toBe(false); // 98 % is not > 98 %
    expect(verdict(h('callback_on_time'), kpis({ callback_on_time: ratio(99, 100) }))).toBe(true);
    expect(verdict(h('feedback_in_3_days'), k)).toBeNull();
    expect(verdict(h('major'), k)).toBe(true);
    expect(verdict(h('major'), kpis({ major: 1 }))).toBe(false);
    expect(verdict(h('received'), k)).toBeNull(); // a plain count has no target
  });
  it('figures as shown', () => {
    expect(formatValue(2 / 3, 'percent', false)).toBe('66.7%');
    expect(formatValue(1, 'percent', false)).toBe('100%');
    expect(formatValue(0, 'percent', false)).toBe('0%');
    expect(formatValue(null, 'percent', false)).toBe('—');
    expect(formatValue(null, 'hours', false)).toBe('—');
    expect(formatValue(30.25, 'hours', false)).toBe('30.3 小时');
    expect(formatValue(0, 'count', false)).toBe('0');
  });
});

describe('errors in plain words', () => {
  it("the server's message, offline, or a fallback", () => {
    const forbidden = new ClientResponseError({ status: 403, response: { message: '只有管理员可以查看和生成报表 (only admins can see or generate reports)' } });
    expect(plainError(forbidden, 'offline', 'oops')).toMatch(/^只有管理员/);
    expect(plainError(new ClientResponseError({ status: 0 }), 'offline', 'oops')).toBe('offline');
    expect(plainError(new ClientResponseError({ status: 500, response: { message: 'Something went wrong while processing your request.' } }), 'offline', 'oops')).toBe('oops');
    expect(plainError(new Error('x'), 'offline', 'oops')).toBe('oops');
  });
});

import { describe, expect, it } from 'vitest';
import { ClientResponseError } from 'pocketbase';
import {
  currentPeriod, dayLabels, formatValue, headlines, lastClosedPeriod, periodDays, periodLabel, periodOf, plainError,
  shiftPeriod, targetOf, todayIn,
} from './api';
import serverPeriods from './server-periods.json';

const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('periods (same names as reports/period.go)', () => {
  // server-periods.json is the server's own answer for these days (go run ./tsgen)
  it('names, first and last days, labels and the period before, as the server gives them', () => {
    expect(serverPeriods.length).toBeGreaterThan(40);
    for (const c of serverPeriods) {
      const kind = c.kind as 'weekly' | 'monthly';
      const [y, m, d] = c.date.split('-').map(Number);
      const where = `${c.kind} ${c.zone} ${c.date}`;
      expect(periodOf(kind, new Date(Date.UTC(y, m - 1, d))), where).toBe(c.name);
      expect(periodDays(kind, c.name).map(iso), where).toEqual([c.first, c.last]);
      expect(periodLabel(kind, c.name, false), where).toBe(c.label);
      expect(shiftPeriod(kind, c.name, -1), where).toBe(c.prev);
    }
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
    expect(periodLabel('weekly', '2026-W47', true)).toBe('Week 47, 2026 (16 Nov – 22 Nov)');
    expect(dayLabels('monthly', '2026-02', 28).at(-1)).toBe('2/28');
  });
});

const h = (key: string) => headlines.find((x) => x.key === key)!;

describe('targets come from the server', () => {
  it('a headline shows the server\'s target and targetOf, plain counts have none', () => {
    const targets = [
      { key: 'avg_hours', target: '<24小时', met: false },
      { key: 'feedback_in_3_days', target: '100%', met: null },
    ];
    expect(targetOf(h('avg_hours'), targets)).toEqual({ key: 'avg_hours', target: '<24小时', met: false });
    expect(targetOf(h('feedback_in_3_days'), targets)?.met).toBeNull();
    expect(targetOf(h('received'), targets)).toBeUndefined();
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

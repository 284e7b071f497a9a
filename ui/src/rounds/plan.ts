// My rounds: the inspection plans of this period (admins set how many
// inspections per floor / zone per month or quarter), what is done, what is
// left and what is behind. A plan's period and what counts towards it are
// the reports' (reports.planCompletion): submitted inspections of the floor
// (and of the zone, when the plan names one) finished inside the period.
import type { LocalRecord } from '../db';
import { inspection, sla } from '../domain';
import { ms } from '../inspections/local';

/** Offset of a time zone from UTC at an instant, in ms (local − UTC). */
function offset(t: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(t));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(t / 1000) * 1000;
}

/** The calendar day (y, m 1-12, d) of an instant in a zone. */
export function dayIn(t: number, zone: string): [number, number, number] {
  const d = new Date(t + offset(t, zone));
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** The instant a calendar day starts in a zone (month overflow rolls over). */
export function dayStart(y: number, m: number, d: number, zone: string): number {
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - offset(guess, zone);
  t = guess - offset(t, zone); // again, in case a DST change lies between
  return t;
}

export interface Round {
  plan: LocalRecord;
  tz: string; // the mall's time zone
  first: [number, number, number]; // the period's first and last day there
  last: [number, number, number];
  floor: string;
  zone: string;
  start: number;
  end: number; // exclusive
  target: number;
  done: number; // all staff's, as the plan counts
  mine: number;
  left: number;
  /** inspections that should be done by now at an even pace and are not */
  behind: number;
}

/** A plan's period [start, end): its first day in the mall's zone, plus its months. */
export function periodOf(plan: LocalRecord, zone: string): [number, number] {
  // period_start is a date; read it as that day in the mall's zone (as the reports do)
  const [y, m, d] = dayIn(ms(plan.period_start) + 12 * 3600_000, zone);
  const months = (inspection.planMonths as Record<string, number>)[String(plan.period)] ?? 1;
  return [dayStart(y, m, d, zone), dayStart(y, m + months, d, zone)];
}

/**
 * Whether an inspection counts towards a plan: its floor, its zone when the
 * plan names one, and its assignee's inspections only when it has one (the
 * reports' kpi.Plan.Counts).
 */
export function covers(plan: LocalRecord, insp: LocalRecord): boolean {
  return insp.floor === plan.floor && (!plan.zone || insp.zone === plan.zone) && (!plan.assignee || insp.inspector === plan.assignee);
}

/** When a submitted inspection finished (one sent from this phone and not back yet: now). */
function finished(insp: LocalRecord, now: number): number {
  const t = ms(insp.finished_at);
  return isNaN(t) ? now : t;
}

/**
 * The rounds running now for the malls given, most urgent first (behind,
 * then most left). Zones: mall id → IANA zone.
 */
export function currentRounds(plans: LocalRecord[], inspections: LocalRecord[], zones: Record<string, string>, me: string, now = Date.now()): Round[] {
  const submitted = inspections.filter((i) => i.status === 'submitted');
  const out: Round[] = [];
  for (const plan of plans) {
    if (plan.assignee && plan.assignee !== me) continue; // someone else's round
    const zone = zones[String(plan.mall)] || sla.defaultTimezone;
    const [start, end] = periodOf(plan, zone);
    if (now < start || now >= end) continue;
    let done = 0;
    let mine = 0;
    for (const i of submitted) {
      if (i.mall !== plan.mall || !covers(plan, i)) continue;
      const t = finished(i, now);
      if (t < start || t >= end) continue;
      done++;
      if (i.inspector === me || i.created_by === me || i._base === null) mine++;
    }
    const target = Number(plan.target_count) || 0;
    const due = Math.floor((target * (now - start)) / (end - start));
    out.push({
      plan, tz: zone, first: dayIn(start, zone), last: dayIn(end - 1, zone), floor: String(plan.floor ?? ''), zone: String(plan.zone ?? ''), start, end, target,
      done, mine, left: Math.max(0, target - done), behind: Math.max(0, due - done),
    });
  }
  return out.sort((a, b) => b.behind - a.behind || b.left - a.left || a.floor.localeCompare(b.floor) || a.zone.localeCompare(b.zone));
}

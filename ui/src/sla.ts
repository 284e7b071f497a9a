// SLA badges from the due times the server stamps (plan 24 h, feedback 3 days,
// callback day 1-5 after resolution). The phone never computes due times
// itself: a complaint not yet on the server has none.
export type SlaState = 'ok' | 'soon' | 'overdue';

export interface Sla {
  kind: 'plan' | 'feedback' | 'callback';
  due: number;
  state: SlaState;
}

const soonWithin = { plan: 4 * 3600_000, feedback: 12 * 3600_000, callback: 24 * 3600_000 };

export function parseTime(v: unknown): number | null {
  if (typeof v !== 'string' || !v) return null;
  const n = Date.parse(v.replace(' ', 'T'));
  return isNaN(n) ? null : n;
}

function check(kind: Sla['kind'], due: number | null, now: number): Sla | null {
  if (due === null) return null;
  const left = due - now;
  return { kind, due, state: left < 0 ? 'overdue' : left < soonWithin[kind] ? 'soon' : 'ok' };
}

const rank: Record<SlaState, number> = { overdue: 0, soon: 1, ok: 2 };

/** The most urgent deadline of a complaint, or null when nothing is due. */
export function slaOf(c: Record<string, unknown>, now = Date.now()): Sla | null {
  const status = c.status as string;
  const found: (Sla | null)[] = [];
  if (status === 'registered' || status === 'verifying') found.push(check('plan', parseTime(c.plan_due), now));
  if (!c.feedback_at && ['registered', 'verifying', 'proposed'].includes(status)) {
    found.push(check('feedback', parseTime(c.feedback_due), now));
  }
  if (status === 'resolved') found.push(check('callback', parseTime(c.callback_due), now));
  const list = found.filter((s): s is Sla => !!s);
  list.sort((a, b) => rank[a.state] - rank[b.state] || a.due - b.due);
  return list[0] ?? null;
}

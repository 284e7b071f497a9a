// The server's vocabulary and rules (package domain in Go), read from the
// generated data: labels, workflow moves, deadlines, limits. Nothing here
// restates a rule; it only reads generated.ts, so the app offers what the
// server will accept and shows the deadlines the server enforces.
import { autodate, complaintSteps, deadlines, flows, rules, serverOwned, terms } from './generated';

export * from './generated';

export type Term = { readonly code: string; readonly zh: string; readonly en: string };

/** The vocabularies by the names the screens use (mostly the field names). */
export const vocab = {
  channel: terms.channels,
  target: terms.targets,
  severity: terms.severities,
  status: flows.complaint.statuses,
  action: terms.complaintActions,
  resolution_type: terms.resolutionTypes,
  callback_verdict: terms.callbackVerdicts,
  kind: terms.eventKinds,
  role: terms.roles,
  result: terms.itemResults,
  inspection_status: flows.inspection.statuses,
  rect_status: flows.rectification.statuses,
  period: terms.planPeriods,
  survey_kind: terms.surveyKinds,
  survey_channel: terms.surveyChannels,
  scale: terms.scale,
  notification_kind: terms.notificationKinds,
  deadline: terms.deadlineKinds,
  point_channel: terms.pointChannels,
  point_kind: terms.pointKinds,
} satisfies Record<string, readonly Term[]>;

export type Vocab = keyof typeof vocab;

/** The codes of a vocabulary, in display order. */
export function options(group: Vocab): string[] {
  return (vocab[group] as readonly Term[]).map((t) => t.code);
}

// --- workflows -----------------------------------------------------------------

export type Flow = keyof typeof flows;

/** The legal moves from a status. */
export function nextStatuses(flow: Flow, from: string): string[] {
  return [...((flows[flow].moves as Record<string, readonly string[]>)[from] ?? [])];
}

export function canMove(flow: Flow, from: string, to: string): boolean {
  return from === to || nextStatuses(flow, from).includes(to);
}

/** Open until closed or withdrawn: the statuses the workflow cannot leave (domain.Open). */
export function isOpen(status: string): boolean {
  return nextStatuses('complaint', status).length > 0;
}

/** Fields a move must fill (domain.ComplaintSteps), plus the amount where money moves. */
export function requiredFor(to: string, fields: Record<string, unknown> = {}): string[] {
  const step = (complaintSteps as Record<string, { requires?: readonly string[] }>)[to];
  const need = [...(step?.requires ?? [])];
  if (to === 'resolved' && amountRequired(fields.resolution_type)) need.push('amount');
  return need;
}

export function amountRequired(resolutionType: unknown): boolean {
  return (rules.amountRequired as readonly string[]).includes(String(resolutionType));
}

// --- who may do what --------------------------------------------------------------

export type Capability = 'complaintWriters' | 'inspectionRoles' | 'surveyTakers' | 'mallAdmins';

export function may(role: unknown, what: Capability): boolean {
  return (rules[what] as readonly string[]).includes(String(role));
}

// --- fields only the server writes -----------------------------------------------

/** Fields never sent: server-owned ones of the collection and the autodate stamps. */
export function serverOwnedFields(collection: string): readonly string[] {
  return [...((serverOwned as Record<string, readonly string[]>)[collection] ?? []), ...autodate];
}

// --- deadlines (domain.Late) ------------------------------------------------------

export type SlaState = 'ok' | 'soon' | 'overdue';

export interface Sla {
  kind: string; // plan | handling | feedback | callback
  due: number;
  state: SlaState;
}

export function parseTime(v: unknown): number | null {
  if (typeof v !== 'string' || !v) return null;
  const n = Date.parse(v.replace(' ', 'T'));
  return isNaN(n) ? null : n;
}

/**
 * The deadlines a complaint still owes, each with its state: owed in its
 * status and not yet met. The phone never computes due times itself: a
 * complaint not yet on the server has none. With the status as stored on the
 * server this is domain.Late; a move made on the phone counts at once.
 */
export function owed(c: Record<string, unknown>, now = Date.now()): Sla[] {
  const status = String(c.status || flows.complaint.initial);
  const out: Sla[] = [];
  for (const d of deadlines) {
    if (!(d.owed as readonly string[]).includes(status) || parseTime(c[d.met]) !== null) continue;
    const due = parseTime(c[d.due]);
    if (due === null) continue;
    const left = due - now;
    out.push({ kind: d.kind, due, state: left < 0 ? 'overdue' : left < d.warnMs ? 'soon' : 'ok' });
  }
  return out;
}

const rank: Record<SlaState, number> = { overdue: 0, soon: 1, ok: 2 };

/** The most urgent deadline of a complaint, or null when nothing is owed. */
export function slaOf(c: Record<string, unknown>, now = Date.now()): Sla | null {
  const list = owed(c, now);
  list.sort((a, b) => rank[a.state] - rank[b.state] || a.due - b.due);
  return list[0] ?? null;
}

/** Overdue: a deadline still owed has passed (domain.Overdue). */
export function isOverdue(c: Record<string, unknown>, now = Date.now()): boolean {
  return owed(c, now).some((s) => s.state === 'overdue');
}

// The server's vocabulary and rules (package domain in Go), read from the
// generated data: labels, workflow moves, deadlines, limits. Nothing here
// restates a rule; it only reads generated.ts, so the app offers what the
// server will accept and shows the deadlines the server enforces.
import { autodate, complaintSteps, deadlines, flows, inspection, rules, serverOwned, sla, survey, terms } from './generated';

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
  rect_event: terms.rectificationEventKinds,
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

export type Capability = 'complaintWriters' | 'inspectionRoles' | 'surveyTakers' | 'mallAdmins' | 'callbackTakers';

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

// --- inspections (domain.Score, domain.NeedsPhoto) -------------------------------

/** One checklist item as templates and inspections hold it (domain.TemplateItem). */
export interface TemplateItem {
  id: string;
  section: string;
  text: string;
  weight: number;
  photo_required: boolean;
}

export interface ScoreResult {
  score: number | null; // null: nothing answered pass or fail (no score)
  passed: number;
  failed: number;
  na: number;
}

/**
 * The running score: the weighted share of the items whose result earns
 * (pass) among those whose result counts (pass, fail), as a percentage with
 * the server's decimals; N/A and unanswered items are left out. The rule is
 * the generated domain.Scoring table, so the phone shows what the server
 * will store.
 */
export function score(items: readonly TemplateItem[], results: Record<string, string | undefined>): ScoreResult {
  const scoring = inspection.scoring as Record<string, { counts: boolean; earns: boolean }>;
  let pw = 0;
  let tw = 0;
  const out: ScoreResult = { score: null, passed: 0, failed: 0, na: 0 };
  for (const it of items) {
    const r = results[it.id];
    if (r === 'pass') out.passed++;
    else if (r === 'fail') out.failed++;
    else if (r === 'na') out.na++;
    const s = r ? scoring[r] : undefined;
    if (s?.counts) {
      tw += it.weight;
      if (s.earns) pw += it.weight;
    }
  }
  if (tw > 0) {
    const scale = 10 ** inspection.scoreDecimals;
    out.score = Math.round((pw / tw) * 100 * scale) / scale;
  }
  return out;
}

/** A result must carry a photo: the template marks the item and the result is a fail. */
export function needsPhoto(item: Pick<TemplateItem, 'photo_required'>, result: unknown): boolean {
  return !!item.photo_required && result === inspection.photoRequiredOn;
}

// --- rectifications (domain.RectificationSteps) ------------------------------------

export interface RectStep {
  kind: string; // its timeline entry
  from: string;
  to: string;
  requires: readonly string[]; // a photo field: a new photo; "deadline": a new, later one
  note: string; // the field its note goes to
  stamp?: string;
}

/** The state of an open rectification's deadline: overdue, due soon (sla.rectificationWarnMs) or ok. */
export function rectDeadlineState(deadline: number, now = Date.now()): SlaState {
  if (deadline < now) return 'overdue';
  return deadline - now < sla.rectificationWarnMs ? 'soon' : 'ok';
}

/** The rectification steps that can follow a status, with what each needs. */
export function rectSteps(from: string): RectStep[] {
  return (inspection.rectificationSteps as readonly RectStep[]).filter((s) => s.from === from);
}

// --- surveys (domain.Overall, domain.Satisfied, callback verdicts) --------------------

export interface SurveyQuestion {
  id: string;
  text: string;
  overall?: boolean;
}

/** The overall score: the overall question's answer, else the rounded mean; null when unanswered. */
export function overallScore(questions: readonly SurveyQuestion[], answers: Record<string, number>): number | null {
  const marked = questions.find((q) => q.overall);
  if (marked) return answers[marked.id] ?? null;
  const values = Object.values(answers);
  if (!values.length) return null;
  return Math.floor(values.reduce((a, b) => a + b, 0) / values.length + 0.5);
}

/** A response counts as satisfied at an overall 4 or 5. */
export function isSatisfied(overall: number | null): boolean {
  return overall !== null && overall >= survey.satisfiedMin;
}

/** A score low enough that the taker asks for a comment (1–2). */
export function asksComment(score: number | undefined): boolean {
  return score !== undefined && score <= survey.commentMax;
}

/** The verdict a callback survey records on its complaint. */
export function callbackVerdict(overall: number): string {
  return (survey.callbackVerdictByScore as Record<string, string>)[String(overall)];
}

/** The 1–5 scale, lowest first. */
export function scaleScores(): number[] {
  const out: number[] = [];
  for (let n = survey.scoreMin; n <= survey.scoreMax; n++) out.push(n);
  return out;
}

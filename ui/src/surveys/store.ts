// Surveys taken by staff on the phone. A response is one append-only record;
// a callback (回访) also records the customer's verdict on its complaint and
// moves it to 已回访, in the same outbox transaction, so offline the two are
// queued together or not at all, and shown at once.
import type { LocalRecord } from '../db';
import { newId } from '../ids';
import { callbackVerdict, overallScore, type SurveyQuestion } from '../domain';
import { enqueue } from '../sync/outbox';
import { db } from '../store';
import { changed, ms } from '../inspections/local';

export function questionsOf(tpl: LocalRecord | undefined): SurveyQuestion[] {
  return Array.isArray(tpl?.questions) ? (tpl.questions as SurveyQuestion[]) : [];
}

/** The template a mall uses for a kind: its own active one, else the shared default. */
export function templateFor(templates: LocalRecord[], kind: string, mall: string): LocalRecord | undefined {
  const active = templates.filter((t) => t.kind === kind && t.active !== false);
  return active.find((t) => t.mall === mall) ?? active.find((t) => !t.mall);
}

export interface Taken {
  mall: string;
  template: LocalRecord;
  answers: Record<string, number>;
  comment: string;
  shop?: string;
  respondent?: string;
}

function responseData(s: Taken): Record<string, unknown> {
  const data: Record<string, unknown> = { mall: s.mall, template: s.template.id, answers: s.answers };
  if (s.comment.trim()) data.comment = s.comment.trim();
  if (s.shop) data.shop = s.shop;
  if (s.respondent?.trim()) data.respondent = s.respondent.trim();
  return data;
}

export async function saveSurvey(s: Taken): Promise<string> {
  const id = newId();
  await enqueue(db, { collection: 'survey_responses', op: 'create', recordId: id, data: responseData(s) });
  await changed();
  return id;
}

/**
 * The callback step: the survey, and on its complaint the verdict its overall
 * score means (domain.CallbackVerdictByScore) with the move to 已回访, queued
 * in one transaction and sent in that order.
 */
export async function saveCallback(complaint: LocalRecord, s: Taken): Promise<string> {
  const overall = overallScore(questionsOf(s.template), s.answers);
  if (overall === null) throw new Error('the overall question is not answered');
  const id = newId();
  await db.transaction('rw', db.records, db.outbox, async () => {
    await enqueue(db, { collection: 'survey_responses', op: 'create', recordId: id, data: { ...responseData(s), complaint: complaint.id } });
    const update: Record<string, unknown> = { status: 'visited', callback_verdict: callbackVerdict(overall) };
    if (s.comment.trim()) update.callback_note = s.comment.trim();
    await enqueue(db, { collection: 'complaints', op: 'update', recordId: complaint.id, data: update });
  });
  await changed();
  return id;
}

export type CallbackState = 'open' | 'late' | 'early' | 'wait' | 'none';

/**
 * Whether a complaint can be called back now: resolved and inside its
 * window (the server's callback_from / callback_due: the phone never works
 * it out itself), after it ('late': still owed, overdue), before it, not
 * known yet ('wait': the resolution has not reached the server), or not at all.
 */
export function callbackState(c: LocalRecord, now = Date.now()): CallbackState {
  if (c.status !== 'resolved') return 'none';
  const from = ms(c.callback_from);
  const due = ms(c.callback_due);
  if (isNaN(from) || isNaN(due)) return 'wait';
  if (now < from) return 'early';
  return now > due ? 'late' : 'open';
}

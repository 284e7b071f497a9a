// One respondent's way through a survey, one screen at a time: the
// questions in order, then — when a score is low (1–2) — what went wrong,
// then the answer is sent. Pure: the screens render a Flow and call these.
import { asksComment, type Question } from './api';

export type Screen =
  | { kind: 'question'; index: number }
  | { kind: 'comment' }
  | { kind: 'done' }; // ready to send

export interface Flow {
  screen: Screen;
  answers: Record<string, number>;
  comment: string;
}

export function begin(): Flow {
  return { screen: { kind: 'question', index: 0 }, answers: {}, comment: '' };
}

/** A score for the question on screen, then the next screen. */
export function choose(qs: readonly Question[], f: Flow, score: number): Flow {
  if (f.screen.kind !== 'question') return f;
  const answers = { ...f.answers, [qs[f.screen.index].id]: score };
  return { ...f, answers, screen: after(qs, f.screen.index, answers) };
}

/** Leave a question unanswered (not the overall one). */
export function skip(qs: readonly Question[], f: Flow): Flow {
  if (f.screen.kind !== 'question' || qs[f.screen.index].overall) return f;
  const answers = { ...f.answers };
  delete answers[qs[f.screen.index].id];
  return { ...f, answers, screen: after(qs, f.screen.index, answers) };
}

/** One screen back (the answers stay, to be changed). */
export function back(qs: readonly Question[], f: Flow): Flow {
  if (f.screen.kind === 'comment') return { ...f, screen: { kind: 'question', index: qs.length - 1 } };
  if (f.screen.kind === 'question' && f.screen.index > 0) return { ...f, screen: { kind: 'question', index: f.screen.index - 1 } };
  return f;
}

export function finish(f: Flow, comment: string): Flow {
  return { ...f, comment: comment.trim(), screen: { kind: 'done' } };
}

/** Whether the answers ask for a comment: any score of 1–2. */
export function wantsComment(answers: Record<string, number>): boolean {
  return Object.values(answers).some(asksComment);
}

function after(qs: readonly Question[], index: number, answers: Record<string, number>): Screen {
  if (index + 1 < qs.length) return { kind: 'question', index: index + 1 };
  return wantsComment(answers) ? { kind: 'comment' } : { kind: 'done' };
}

/** Whether a question may be skipped: all but the one that decides satisfaction. */
export const skippable = (q: Question) => !q.overall;

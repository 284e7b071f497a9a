// The survey screens of one respondent: one question a screen with the
// faces, then a comment when a score was low. The owner (phone or kiosk)
// sends the answer when the flow is done, and starts a new one by key.
import { useEffect, useRef, useState } from 'preact/hooks';
import { limits } from '../domain';
import { begin, back, choose, finish, skip, skippable, type Flow } from './flow';
import { FacePicker } from '../components/Faces';
import type { SurveyDef } from './api';
import { ps } from './strings';

const commentMax = limits.textMax['survey_responses.comment'];

export function Questionnaire({ def, onDone }: { def: SurveyDef; onDone: (f: Flow) => void }) {
  const [flow, setFlow] = useState<Flow>(begin);
  const [comment, setComment] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const qs = def.questions;
  const screen = flow.screen;

  // each screen is announced: focus moves to its heading
  const key = screen.kind === 'question' ? 'q' + screen.index : screen.kind;
  useEffect(() => {
    heading.current?.focus();
  }, [key]);
  useEffect(() => {
    if (screen.kind === 'done') onDone(flow);
  }, [screen.kind]);

  if (screen.kind === 'question') {
    const q = qs[screen.index];
    return (
      <section class="ps-screen" data-testid="question" data-question={q.id}>
        <p class="ps-progress">{ps('question', { n: screen.index + 1, total: qs.length })}</p>
        <h1 id="ps-q" class="ps-q" tabIndex={-1} ref={heading}>{q.text}</h1>
        <p class="sr-only">{ps('pick')}</p>
        <FacePicker value={flow.answers[q.id]} labelledBy="ps-q" layout="row" name={(n, label) => ps('score', { n, label })} onPick={(n) => setFlow(choose(qs, flow, n))} />
        <div class="ps-nav">
          {screen.index > 0 ? <button type="button" onClick={() => setFlow(back(qs, flow))}>{ps('back')}</button> : <span />}
          {skippable(q) && <button type="button" onClick={() => setFlow(skip(qs, flow))} data-testid="skip">{ps('skip')}</button>}
        </div>
      </section>
    );
  }
  if (screen.kind === 'comment') {
    return (
      <section class="ps-screen" data-testid="comment-screen">
        <h1 class="ps-q" tabIndex={-1} ref={heading}>{ps('commentTitle')}</h1>
        <p class="muted">{ps('commentHint', { n: commentMax })}</p>
        <label>
          {ps('commentLabel')}
          <textarea
            name="comment" rows={5} maxLength={commentMax} value={comment}
            onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        <div class="ps-actions">
          <button type="button" class="primary" onClick={() => setFlow(finish(flow, comment))} data-testid="send">{ps('send')}</button>
          <button type="button" onClick={() => setFlow(finish(flow, ''))}>{ps('skipComment')}</button>
          <button type="button" onClick={() => setFlow(back(qs, flow))}>{ps('back')}</button>
        </div>
      </section>
    );
  }
  return <p class="ps-screen muted" role="status">{ps('sending')}</p>;
}

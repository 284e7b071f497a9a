// Surveys: start a customer or merchant survey, the complaints waiting for
// their callback, and the responses taken (mine or the mall's, by date) with
// their verdict and sync state.
import { useMemo, useState } from 'preact/hooks';
import { user } from '../auth';
import type { LocalRecord } from '../db';
import { isSatisfied, may, overallScore } from '../domain';
import { fmtTime, label } from '../i18n';
import { localRef } from '../ids';
import { useLive } from '../live';
import { go } from '../router';
import { VirtualList } from '../components/VirtualList';
import { all, inSpan, me, ms, type Span } from '../inspections/local';
import { SyncTags } from '../inspections/ui';
import { Face } from '../components/Faces';
import { callbackState, questionsOf, templateFor } from './store';
import { t } from './strings';

const spans: Span[] = ['today', 'week', 'month', 'all'];

export function SurveyList() {
  const responses = useLive(() => all('survey_responses'), [], [] as LocalRecord[]);
  const templates = useLive(() => all('survey_templates'), [], [] as LocalRecord[]);
  const complaints = useLive(() => all('complaints'), [], [] as LocalRecord[]);
  const [mine, setMine] = useState(true);
  const [span, setSpan] = useState<Span>('today');
  const who = me();
  const mall = who.malls[0] ?? '';
  const callbacks = useMemo(() => complaints
    .filter((c) => ['open', 'late'].includes(callbackState(c)))
    .sort((a, b) => ms(a.callback_due) - ms(b.callback_due)), [complaints]);
  const rows = useMemo(() => responses
    .filter((r) => !mine || r.taken_by === who.id || r._base === null)
    .filter((r) => inSpan(ms(r.created), span))
    .sort((a, b) => ms(b.created) - ms(a.created)), [responses, mine, span, who.id]);
  const numbers = useMemo(() => new Map(complaints.map((c) => [c.id, (c.number as string) || localRef(c.id)])), [complaints]);
  const byId = useMemo(() => new Map(templates.map((x) => [x.id, x])), [templates]);
  return (
    <section aria-labelledby="sv-title">
      <h1 id="sv-title">{t('surveys')}</h1>
      <div class="action-buttons">
        {['customer', 'merchant'].filter((k) => templateFor(templates, k, mall)).map((k) => (
          <button key={k} class="primary" onClick={() => go('/surveys/new/' + k)} data-testid={'start-' + k}>＋ {label('survey_kind', k)}</button>
        ))}
      </div>
      {may(user.value?.role, 'callbackTakers') && (
        <section class="card" aria-labelledby="cb-title">
          <h2 id="cb-title">{t('toCallBack')} <span class="count">{callbacks.length}</span></h2>
          {callbacks.length === 0 ? <p class="muted">{t('noCallbacks')}</p> : (
            <ul class="plain">
              {callbacks.slice(0, 20).map((c) => (
                <li key={c.id} class="cb-row">
                  <a href={'#/c/' + c.id}>{(c.number as string) || localRef(c.id)} · {String(c.customer_name ?? '')}</a>
                  {callbackState(c) === 'late' ? <span class="sla overdue">{t('late')}</span> : <span class="sla">{t('dueBy', { t: fmtTime(c.callback_due) })}</span>}
                  <button onClick={() => go('/surveys/callback/' + c.id)} data-testid="callback-start">{t('callBack')}</button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <div class="chips" role="group" aria-label={t('whose')}>
        <button class={'chip' + (mine ? ' on' : '')} aria-pressed={mine} onClick={() => setMine(true)}>{t('mine')}</button>
        <button class={'chip' + (!mine ? ' on' : '')} aria-pressed={!mine} onClick={() => setMine(false)}>{t('mallAll')}</button>
        {spans.map((s) => <button key={s} class={'chip' + (span === s ? ' on' : '')} aria-pressed={span === s} onClick={() => setSpan(s)}>{t(s)}</button>)}
      </div>
      {rows.length === 0 ? <p class="empty">{t('noResponses')}</p> : (
        <VirtualList items={rows} rowHeight={84} label={t('surveys')} render={(r) => <ResponseRow r={r} tpl={byId.get(String(r.template))} number={numbers.get(String(r.complaint))} />} />
      )}
    </section>
  );
}

/** Kind and overall score as the server stores them, or by the same rules before it has. */
export function shownResult(r: LocalRecord, tpl: LocalRecord | undefined): { kind: string; overall: number | null } {
  const kind = String(r.kind || tpl?.kind || '');
  const overall = typeof r.overall === 'number' ? r.overall : overallScore(questionsOf(tpl), (r.answers ?? {}) as Record<string, number>);
  return { kind, overall };
}

function ResponseRow({ r, tpl, number }: { r: LocalRecord; tpl?: LocalRecord; number?: string }) {
  const { kind, overall } = shownResult(r, tpl);
  return (
    <a class="row sv-row" href={'#/surveys/' + r.id} data-testid="survey-row" data-id={r.id}>
      {overall !== null && <Face score={overall} size={40} />}
      <div class="sv-row-main">
        <div class="row-top">
          <b>{label('survey_kind', kind)}</b>
          {overall !== null && <span class={'tag ' + (isSatisfied(overall) ? 'met' : 'bad')}>{isSatisfied(overall) ? t('satisfied') : t('notSatisfied')}</span>}
          <SyncTags r={r} />
        </div>
        <div class="row-desc">{fmtTime(r.created)}{number ? ' · ' + number : ''}</div>
      </div>
    </a>
  );
}

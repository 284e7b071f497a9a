// One survey response: the answers, the comment, the overall verdict, who
// took it and when, its sync state and any refusal by the server.
import type { LocalRecord } from '../db';
import { isSatisfied } from '../domain';
import { fmtTime, label } from '../i18n';
import { localRef } from '../ids';
import { useLive } from '../live';
import { db } from '../store';
import { PersonName, Refusal, ShopName, SyncTags, useRecord } from '../inspections/ui';
import { Face } from '../components/Faces';
import { shownResult } from './SurveyList';
import { questionsOf } from './store';
import { t } from './strings';

export function SurveyDetail({ id }: { id: string }) {
  const r = useLive(async () => (await db.record('survey_responses', id)) ?? false, [id], null as LocalRecord | false | null);
  const tpl = useRecord('survey_templates', r ? r.template : undefined);
  const complaint = useRecord('complaints', r ? r.complaint : undefined);
  if (r === null) return <p class="empty">…</p>;
  if (r === false) return <p class="empty" role="alert">{t('notOnPhone')}</p>;
  const { kind, overall } = shownResult(r, tpl);
  const answers = (r.answers ?? {}) as Record<string, number>;
  return (
    <article class="detail" aria-labelledby="sv-detail-title">
      <header class="card">
        <h1 id="sv-detail-title">{label('survey_kind', kind)}</h1>
        <p><SyncTags r={r} /></p>
        {overall !== null && (
          <div class="verdict" data-testid="survey-detail-verdict">
            <Face score={overall} size={56} />
            <p><b>{t('overall')}：{overall} · {label('scale', String(overall))}</b> <span class={'tag ' + (isSatisfied(overall) ? 'met' : 'bad')}>{isSatisfied(overall) ? t('satisfied') : t('notSatisfied')}</span></p>
          </div>
        )}
        <dl class="fields">
          <dt>{t('template')}</dt><dd>{String(tpl?.name ?? '')}</dd>
          {!!r.complaint && (<><dt>{t('complaint')}</dt><dd><a href={'#/c/' + String(r.complaint)}>{(complaint?.number as string) || localRef(String(r.complaint))}</a></dd></>)}
          {!!r.shop && (<><dt>{t('shop')}</dt><dd><ShopName id={r.shop} /></dd></>)}
          <dt>{t('takenBy')}</dt><dd><PersonName id={r.taken_by} />{r.channel ? ' · ' + label('survey_channel', r.channel) : ''}</dd>
          <dt>{t('takenAt')}</dt><dd>{fmtTime(r.created)}</dd>
        </dl>
      </header>
      <Refusal r={r} />
      <section class="card" aria-labelledby="sv-ans">
        <h2 id="sv-ans">{t('answers')}</h2>
        <ol class="plain sv-answers">
          {questionsOf(tpl).map((q) => (
            <li key={q.id}>{q.text}：<b>{answers[q.id] ? `${answers[q.id]} ${label('scale', String(answers[q.id]))}` : t('skipped')}</b></li>
          ))}
        </ol>
        {!!r.comment && <p class="note">{String(r.comment)}</p>}
      </section>
    </article>
  );
}

// One inspection: its score (the server's once it is there, else the same
// rule on the phone's results), every item's latest result with note and
// photos, the rectifications it opened, its sync state and, when the server
// refused the submit, why, with a way to fix it.
import type { LocalRecord } from '../db';
import { needsPhoto, score, type TemplateItem } from '../domain';
import { fmtTime, label } from '../i18n';
import { useLive } from '../live';
import { go } from '../router';
import { db } from '../store';
import { all, me } from './local';
import { scoreText } from './InspectionList';
import { itemsOf, latestResults, reopenRefused, resultsOf } from './store';
import { t } from './strings';
import { PersonName, Photos, Refusal, ShopName, SyncTags, useRecord } from './ui';

export function InspectionDetail({ id }: { id: string }) {
  const i = useLive(async () => (await db.record('inspections', id)) ?? false, [id], null as LocalRecord | false | null);
  const results = useLive(() => resultsOf(id), [id], [] as LocalRecord[]);
  const rects = useLive(async () => (await all('rectifications')).filter((r) => r.inspection === id), [id], [] as LocalRecord[]);
  // the server snapshots the checklist when the inspection arrives; until then it is the template's
  const tpl = useRecord('inspection_templates', i ? i.template : undefined);
  if (i === null) return <p class="empty">…</p>;
  if (i === false) return <p class="empty" role="alert">{t('notOnPhone')}</p>;
  const items = itemsOf(i).length ? itemsOf(i) : itemsOf(tpl);
  const latest = latestResults(results);
  const answers: Record<string, string> = {};
  for (const [k, r] of latest) answers[k] = String(r.result);
  const server = scoreText(i);
  const local = score(items, answers);
  const shown = server || (local.score === null ? '—' : String(local.score));
  const refusedSubmit = !!i._failed && i.status === 'submitted';
  const missing = items.filter((it) => {
    const r = latest.get(it.id);
    return r && needsPhoto(it, r.result) && !(Array.isArray(r.photos) && r.photos.length) && !r._pending;
  });
  const fix = async () => {
    await reopenRefused(i);
    go('/inspections/run/' + i.id);
  };
  const sections: [string, TemplateItem[]][] = [];
  for (const it of items) {
    const last = sections[sections.length - 1];
    if (last && last[0] === it.section) last[1].push(it);
    else sections.push([it.section, [it]]);
  }
  return (
    <article class="detail" aria-labelledby="insp-detail-title">
      <header class="card">
        <h1 id="insp-detail-title">{t('roundTitle', { floor: String(i.floor ?? '') })}{i.zone ? ' · ' + String(i.zone) : ''}</h1>
        <p>
          <span class={'status s-' + (i.status || 'in_progress')} data-testid="inspection-status">{label('inspection_status', i.status || 'in_progress')}</span>
          <SyncTags r={i} />
        </p>
        <p class="big-score" data-testid="inspection-score">{t('score')} <b>{shown}</b>
          {!server && i.status === 'submitted' && <small> ({t('scoreLocal')})</small>}</p>
        <p class="muted">{t('counts', { passed: local.passed, failed: local.failed, na: local.na })}</p>
        <dl class="fields">
          <dt>{t('template')}</dt><dd>{String(i.template_name || '…')}</dd>
          {!!i.shop && (<><dt>{t('shop')}</dt><dd><ShopName id={i.shop} /></dd></>)}
          <dt>{t('inspector')}</dt><dd><PersonName id={i.inspector || i.created_by || (i._base === null ? me().id : '')} /></dd>
          <dt>{t('startedAt')}</dt><dd>{fmtTime(i.started_at)}</dd>
          {!!i.finished_at && (<><dt>{t('finishedAt')}</dt><dd>{fmtTime(i.finished_at)}</dd></>)}
          {!!i.note && (<><dt>{t('roundNote')}</dt><dd>{String(i.note)}</dd></>)}
        </dl>
      </header>
      <Refusal r={i}>
        {missing.length > 0 && <ul>{missing.map((it) => <li key={it.id}>{it.section}：{it.text} — {t('photoNeeded')}</li>)}</ul>}
        {refusedSubmit && <button class="primary" onClick={fix} data-testid="fix-round">{t('fixAndResubmit')}</button>}
      </Refusal>
      {rects.length > 0 && (
        <section class="card" aria-labelledby="insp-rects">
          <h2 id="insp-rects">{t('rectsOpened', { n: rects.length })}</h2>
          <ul class="plain">
            {rects.map((r) => (
              <li key={r.id}><a href={'#/rectifications/' + r.id}>{String(r.issue).split('\n')[0]}</a> · {label('rect_status', r.status || 'open')} · {t('deadline')} {fmtTime(r.deadline)}</li>
            ))}
          </ul>
        </section>
      )}
      {sections.map(([section, its]) => (
        <section key={section} class="card" aria-labelledby={'d-sec-' + its[0].id}>
          <h2 id={'d-sec-' + its[0].id}>{section}</h2>
          <ul class="plain results-list">
            {its.map((it) => {
              const r = latest.get(it.id);
              return (
                <li key={it.id} class={r ? 'r-' + r.result : ''} data-item={it.id}>
                  <div class="row-top"><span class={'res res-' + (r?.result ?? 'none')}>{r ? label('result', r.result) : t('notChecked')}</span> <SyncTags r={r ?? ({} as LocalRecord)} /></div>
                  <div>{it.text}</div>
                  {!!r?.note && <div class="note muted">{String(r.note)}</div>}
                  {r && <Photos collection="inspection_results" r={r} fields={['photos']} />}
                  {!!r?._failed && <p class="error">{String(r._failed)}</p>}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </article>
  );
}

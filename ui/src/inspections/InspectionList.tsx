// Inspections: the rounds half done on this phone first (resume or discard),
// then the mall's inspections, mine or everyone's, by date, with their score
// and sync state.
import { useMemo, useState } from 'preact/hooks';
import { user } from '../auth';
import type { LocalRecord } from '../db';
import { fmtTime, label } from '../i18n';
import { useLive } from '../live';
import { go } from '../router';
import { VirtualList } from '../components/VirtualList';
import { all, inSpan, me, ms, type Span } from './local';
import { discardDraft, draftScore, listDrafts, unanswered, type Draft } from './store';
import { t } from './strings';
import { ShopName, SyncTags } from './ui';

const spans: Span[] = ['today', 'week', 'month', 'all'];

export function InspectionList() {
  const drafts = useLive(listDrafts, [], [] as Draft[]);
  const list = useLive(() => all('inspections'), [], [] as LocalRecord[]);
  // inspectors look at their own rounds first, managers at the mall's
  const [mine, setMine] = useState(user.value?.role === 'inspector');
  const [span, setSpan] = useState<Span>('week');
  const rows = useMemo(() => {
    const id = me().id;
    return list
      .filter((i) => !mine || i.inspector === id || i.created_by === id || i._base === null)
      .filter((i) => inSpan(ms(i.started_at ?? i.created), span))
      .sort((a, b) => (ms(b.started_at ?? b.created) || Infinity) - (ms(a.started_at ?? a.created) || Infinity));
  }, [list, mine, span]);
  return (
    <section aria-labelledby="insp-title">
      <div class="list-head">
        <h1 id="insp-title">{t('inspections')} <span class="count">{rows.length}</span></h1>
        <button class="primary" onClick={() => go('/inspections/new')} data-testid="new-round">＋ {t('newRound')}</button>
      </div>
      {drafts.length > 0 && (
        <section aria-labelledby="drafts-title">
          <h2 id="drafts-title">{t('drafts')}</h2>
          <ul class="plain">{drafts.map((d) => <DraftRow key={d.id} d={d} />)}</ul>
        </section>
      )}
      <div class="chips" role="group" aria-label={t('whose')}>
        <button class={'chip' + (mine ? ' on' : '')} aria-pressed={mine} onClick={() => setMine(true)}>{t('mine')}</button>
        <button class={'chip' + (!mine ? ' on' : '')} aria-pressed={!mine} onClick={() => setMine(false)}>{t('mallAll')}</button>
        {spans.map((s) => (
          <button key={s} class={'chip' + (span === s ? ' on' : '')} aria-pressed={span === s} onClick={() => setSpan(s)}>{t(s)}</button>
        ))}
      </div>
      {rows.length === 0 ? <p class="empty">{t('noInspections')}</p> : (
        <VirtualList items={rows} rowHeight={92} label={t('inspections')} render={(i) => <InspectionRow i={i} />} />
      )}
    </section>
  );
}

function DraftRow({ d }: { d: Draft }) {
  const sc = draftScore(d);
  const open = unanswered(d).length;
  return (
    <li class="card draft" data-testid="draft-row" data-id={d.id}>
      <div class="row-top">
        <b>{t('roundTitle', { floor: d.floor })}{d.zone ? ' · ' + d.zone : ''}</b>
        <span class="tag wait">{d.existing ? t('fixing') : t('draft')}</span>
      </div>
      <div class="muted">{d.templateName} · {t('progress', { done: d.items.length - open, total: d.items.length })}
        {sc.score !== null && ' · ' + t('scoreIs', { n: sc.score })} · {fmtTime(new Date(d.updatedAt).toISOString())}</div>
      <div class="form-actions">
        <button class="primary" onClick={() => go('/inspections/run/' + d.id)} data-testid="resume-round">{t('resume')}</button>
        <button class="danger" onClick={() => confirm(t('discardConfirm')) && discardDraft(d.id)}>{t('discard')}</button>
      </div>
    </li>
  );
}

/** The score as the server stored it: none when nothing was answered pass or fail. */
export function scoreText(i: LocalRecord): string {
  if (i.status !== 'submitted' || i._base === null || i.score === undefined) return '';
  return Number(i.passed_count ?? 0) + Number(i.failed_count ?? 0) > 0 ? String(i.score) : '—';
}

function InspectionRow({ i }: { i: LocalRecord }) {
  const s = scoreText(i);
  return (
    <a class="row" href={'#/inspections/' + i.id} data-testid="inspection-row" data-id={i.id}>
      <div class="row-top">
        <b>{t('roundTitle', { floor: String(i.floor ?? '') })}{i.zone ? ' · ' + String(i.zone) : ''}</b>
        <span class={'status s-' + (i.status || 'in_progress')}>{label('inspection_status', i.status || 'in_progress')}</span>
        <SyncTags r={i} />
      </div>
      <div class="row-mid">{i.shop ? <ShopName id={i.shop} /> : String(i.template_name ?? '')} · {fmtTime(i.started_at ?? i.created)}</div>
      <div class="row-desc">
        {s ? t('scoreIs', { n: s }) : i._base === null ? t('scoreWaits') : ''}
        {Number(i.failed_count) > 0 && ' · ' + t('failedN', { n: Number(i.failed_count) })}
      </div>
    </a>
  );
}

// My rounds: this period's inspection plans of my malls, done against
// planned, what is left and what is behind, with one tap to start the most
// urgent one; rounds half done on this phone are at the top to resume.
import { useMemo } from 'preact/hooks';
import type { LocalRecord } from '../db';
import { label } from '../i18n';
import { useLive } from '../live';
import { go } from '../router';
import { all, me } from '../inspections/local';
import { listDrafts, unanswered, type Draft } from '../inspections/store';
import { startRound, templatesFor } from '../inspections/NewInspection';
import { currentRounds, type Round } from './plan';
import { t } from './strings';

export function Rounds() {
  const plans = useLive(() => all('inspection_plans'), [], [] as LocalRecord[]);
  const inspections = useLive(() => all('inspections'), [], [] as LocalRecord[]);
  const malls = useLive(() => all('malls'), [], [] as LocalRecord[]);
  const templates = useLive(() => all('inspection_templates'), [], [] as LocalRecord[]);
  const drafts = useLive(listDrafts, [], [] as Draft[]);
  const who = me();
  const rounds = useMemo(() => {
    const zones = Object.fromEntries(malls.map((m) => [m.id, String(m.timezone ?? '')]));
    const mine = new Set(who.malls);
    return currentRounds(plans.filter((p) => mine.has(String(p.mall))), inspections, zones, who.id);
  }, [plans, inspections, malls, who.id]);
  const totals = rounds.reduce((s, r) => ({ target: s.target + r.target, done: s.done + Math.min(r.done, r.target), behind: s.behind + r.behind }), { target: 0, done: 0, behind: 0 });
  const next = rounds.find((r) => r.left > 0);

  const start = async (r: Round) => {
    const usable = templatesFor(templates, String(r.plan.mall));
    // one checklist: straight into the round; several: choose first
    if (usable.length === 1) await startRound(String(r.plan.mall), usable[0], r.floor, r.zone);
    else go(`/inspections/new?${new URLSearchParams({ mall: String(r.plan.mall), floor: r.floor, zone: r.zone })}`);
  };

  return (
    <section aria-labelledby="rounds-title">
      <h1 id="rounds-title">{t('myRounds')}</h1>
      {drafts.length > 0 && (
        <div class="card">
          <h2>{t('unfinished')}</h2>
          <ul class="plain">
            {drafts.map((d) => (
              <li key={d.id} class="round-draft">
                <span>{t('round', { floor: d.floor })}{d.zone ? ' · ' + d.zone : ''} · {t('checked', { done: d.items.length - unanswered(d).length, total: d.items.length })}</span>
                <button class="primary" onClick={() => go('/inspections/run/' + d.id)} data-testid="rounds-resume">{t('resume')}</button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {rounds.length === 0 ? <p class="empty">{t('noPlans')}</p> : (<>
        <div class="card rounds-total" data-testid="rounds-total">
          <p class="big-score"><b>{totals.done}</b> / {totals.target} <span>{t('doneOfPlanned')}</span></p>
          <progress max={totals.target || 1} value={totals.done} aria-label={t('doneOfPlanned')} />
          {totals.behind > 0 ? <p class="sla overdue">{t('behindN', { n: totals.behind })}</p> : <p class="sla">{t('onPace')}</p>}
          {next && <button class="primary wide" onClick={() => start(next)} data-testid="start-next">{t('startNext', { where: next.floor + (next.zone ? ' · ' + next.zone : '') })}</button>}
        </div>
        <ul class="plain">
          {rounds.map((r) => <RoundRow key={r.plan.id} r={r} onStart={() => start(r)} />)}
        </ul>
      </>)}
    </section>
  );
}

function RoundRow({ r, onStart }: { r: Round; onStart: () => void }) {
  return (
    <li class={'card round' + (r.behind ? ' behind' : '')} data-testid="round-row" data-floor={r.floor}>
      <div class="row-top">
        <b>{r.floor}{r.zone ? ' · ' + r.zone : ''}</b>
        <span class="muted">{label('period', r.plan.period)} · {r.first[1]}/{r.first[2]} – {r.last[1]}/{r.last[2]}</span>
      </div>
      <p>{t('doneN', { done: r.done, target: r.target })}{r.mine ? ' · ' + t('mineN', { n: r.mine }) : ''} · {r.left ? t('leftN', { n: r.left }) : t('complete')}</p>
      <progress max={r.target || 1} value={Math.min(r.done, r.target)} aria-label={`${r.floor} ${t('doneN', { done: r.done, target: r.target })}`} />
      {r.behind > 0 && <p class="sla overdue">{t('behindN', { n: r.behind })}</p>}
      {r.left > 0 && <button onClick={onStart} data-testid="start-round-plan">{t('startHere')}</button>}
    </li>
  );
}

// 巡检计划: how many inspections each floor (or zone) gets per month or
// quarter, and by whom; done against planned as the reports count it
// (GET /api/reports/plans). Plans are written on the local store.
import { useEffect, useState } from 'preact/hooks';
import type { LocalRecord } from '../db';
import { may, options } from '../domain';
import { label } from '../i18n';
import { useLive } from '../live';
import { db, online } from '../store';
import { shiftPeriod } from '../reports/api';
import { Back, MallPicker, useMall } from './common';
import { planProgress, plainError, type PlanProgress } from './api';
import { records, remove, save } from './store';
import { ta } from './strings';

const thisMonth = () => new Date().toISOString().slice(0, 7);
const monthStart = (m: string) => `${m}-01 00:00:00.000Z`;

export function Plans() {
  const [malls, mall, setMall] = useMall();
  const [month, setMonth] = useState(thisMonth());
  const all = useLive(() => records('inspection_plans'), [], [] as LocalRecord[]);
  const staff = useLive(() => db.all('users'), [], [] as LocalRecord[]);
  const [progress, setProgress] = useState<PlanProgress[] | null>(null);
  const [error, setError] = useState('');
  const [adding, setAdding] = useState(false);
  const inspectors = staff.filter((u) => (u.malls as string[] | undefined)?.includes(mall) && may(u.role, 'inspectionRoles') && !u.deactivated);
  // plans of the mall whose span overlaps the month
  const plans = all.filter((p) => {
    if (p.mall !== mall) return false;
    const start = String(p.period_start ?? '').slice(0, 7);
    const months = p.period === 'quarter' ? 3 : 1;
    return start <= month && shiftPeriod('monthly', start, months - 1) >= month;
  }).sort((a, b) => String(a.floor).localeCompare(String(b.floor)) || String(a.zone ?? '').localeCompare(String(b.zone ?? '')));
  const key = plans.map((p) => `${p.id}:${p._pending ?? 0}`).join(',');

  useEffect(() => {
    if (!mall || !online.value) return;
    let live = true;
    planProgress(mall, month).then((r) => live && (setProgress(r.plans), setError(''))).catch((e) => live && setError(plainError(e, ta('progressOffline'), String(e?.message ?? e))));
    return () => { live = false; };
  }, [mall, month, online.value, key]);

  const who = (id: unknown) => (id ? String(staff.find((u) => u.id === id)?.name ?? '…') : ta('anyone'));
  return (
    <section aria-labelledby="plans-title" class="admin">
      <Back />
      <h1 id="plans-title">{ta('plans')}</h1>
      <MallPicker malls={malls} mall={mall} onPick={setMall} />
      <div class="period-nav toolbar">
        <button onClick={() => setMonth(shiftPeriod('monthly', month, -1))} aria-label={ta('planMonth') + ' −1'}>‹</button>
        <label>{ta('planMonth')} <input type="month" value={month} onInput={(e) => e.currentTarget.value && setMonth(e.currentTarget.value)} data-testid="plan-month" /></label>
        <button onClick={() => setMonth(shiftPeriod('monthly', month, 1))} aria-label={ta('planMonth') + ' +1'}>›</button>
      </div>
      <button class="primary" onClick={() => setAdding(!adding)} aria-expanded={adding} data-testid="add-plan">＋ {ta('addPlan')}</button>
      {adding && <PlanForm mall={mall} month={month} inspectors={inspectors} onClose={() => setAdding(false)} />}
      {!online.value && <p class="muted">{ta('progressOffline')}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {!plans.length && <p class="empty">{ta('noPlans')}</p>}
      <ul class="rows" data-testid="plan-list">
        {plans.map((p) => {
          const pr = progress?.find((x) => x.id === p.id);
          const target = Number(p.target_count);
          const done = pr?.done ?? null;
          const share = done === null ? 0 : Math.min(1, done / target);
          return (
            <li key={p.id} data-testid="plan-row" data-floor={String(p.floor)}>
              <div class="row-line">
                <strong>{String(p.floor)}{p.zone ? ' · ' + String(p.zone) : ''}</strong>
                <span class="status">{label('period', p.period)}</span>
                <span class="muted">{String(p.period_start ?? '').slice(0, 7)} · {ta('assignee')}：{who(p.assignee)}</span>
              </div>
              {done !== null ? (
                <>
                  <p data-testid="plan-progress">{ta('progress', { done, target })}
                    {' '}<span class={'tag ' + (done >= target ? 'ok' : 'wait')}>{done >= target ? ta('planDone') : ta('planBehind')}</span></p>
                  <div class={'bar' + (done >= target ? '' : ' behind')} role="img" aria-label={ta('progress', { done, target })}><span style={{ width: `${share * 100}%` }} /></div>
                </>
              ) : <p class="muted">{ta('target')}：{target}</p>}
              <div class="row-actions">
                <button class="danger" onClick={() => confirm(ta('confirmRemove')) && remove('inspection_plans', p.id)}>{ta('removePlan')}</button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function PlanForm({ mall, month, inspectors, onClose }: { mall: string; month: string; inspectors: LocalRecord[]; onClose: () => void }) {
  const [f, setF] = useState({ floor: '', zone: '', period: 'month', start: month, target: 4, assignee: '', note: '' });
  const submit = async (e: Event) => {
    e.preventDefault();
    await save('inspection_plans', null, {
      mall, floor: f.floor.trim(), zone: f.zone.trim(), period: f.period, period_start: monthStart(f.start),
      target_count: Number(f.target), assignee: f.assignee, note: f.note.trim(),
    });
    onClose();
  };
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <form class="card" onSubmit={submit} aria-labelledby="plan-form-title" data-testid="plan-form">
      <h2 id="plan-form-title">{ta('addPlan')}</h2>
      <div class="grid2">
        <label>{ta('floor')} <input name="floor" required maxLength={20} value={f.floor} onInput={set('floor')} /></label>
        <label>{ta('zone')} <input name="zone" maxLength={50} value={f.zone} onInput={set('zone')} /></label>
        <label>{ta('period')}
          <select name="period" value={f.period} onChange={set('period')}>
            {options('period').map((p) => <option key={p} value={p}>{label('period', p)}</option>)}
          </select>
        </label>
        <label>{ta('startMonth')} <input name="start" type="month" required value={f.start} onInput={set('start')} /></label>
        <label>{ta('target')} <input name="target" type="number" min={1} max={1000} required value={f.target} onInput={set('target')} /></label>
        <label>{ta('assignee')}
          <select name="assignee" value={f.assignee} onChange={set('assignee')}>
            <option value="">{ta('anyone')}</option>
            {inspectors.map((u) => <option key={u.id} value={u.id}>{String(u.name || u.id)}（{label('role', u.role)}）</option>)}
          </select>
        </label>
      </div>
      <label>{ta('planNote')} <input name="note" maxLength={500} value={f.note} onInput={set('note')} /></label>
      <div class="form-actions">
        <button type="button" onClick={onClose}>{ta('back')}</button>
        <button class="primary" type="submit" data-testid="save-plan">{ta('saveTemplate')}</button>
      </div>
    </form>
  );
}

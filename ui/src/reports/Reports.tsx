// The report page (admins only, online only): the headline KPIs of the
// running week or month with charts, the generated 周报表 / 月考核表 of a
// mall with download through short-lived signed links, and generation on
// demand with progress. See docs/reports.md for the API.
import type { RecordModel } from 'pocketbase';
import { useEffect, useRef, useState } from 'preact/hooks';
import { user } from '../auth';
import { options } from '../domain';
import { fmtTime, label, lang, t } from '../i18n';
import { online } from '../store';
import { BarChart, HBarChart, LineChart } from '../components/Chart';
import {
  currentPeriod, dayLabels, fetchKpis, formatValue, headlines, lastClosedPeriod, listMalls, listReports, mintLink,
  periodLabel, plainError, shiftPeriod, startJob, targetOf, waitJob, type Job, type Kind, type KpiResponse,
} from './api';
import { tr } from './strings';
import { fetchComparison, listGroupReports, type Comparison } from './api';
import './reports.css';

const en = () => lang.value === 'en';
const kindName = (k: Kind) => (k === 'weekly' ? t('rpWeekly') : t('rpMonthly'));
const errText = (err: unknown) => plainError(err, t('rpOffline'), t('rpServerError'));

export function Reports() {
  if (user.value?.role !== 'admin') {
    return (
      <section aria-labelledby="reports-title">
        <h1 id="reports-title">{t('reports')}</h1>
        <p class="notice" role="alert" data-testid="reports-admins-only">{t('rpOnlyAdmins')}</p>
      </section>
    );
  }
  return <AdminReports />;
}

function AdminReports() {
  const [malls, setMalls] = useState<RecordModel[]>([]);
  const [mall, setMall] = useState('');
  const [loadError, setLoadError] = useState('');
  const [listVersion, setListVersion] = useState(0);

  useEffect(() => {
    if (!online.value) return;
    let live = true;
    listMalls()
      .then((ms) => {
        if (!live) return;
        setMalls(ms);
        setLoadError('');
        setMall((cur) => cur || ms[0]?.id || '');
      })
      .catch((err) => live && setLoadError(errText(err)));
    return () => { live = false; };
  }, [online.value]);

  const current = malls.find((m) => m.id === mall);
  return (
    <section aria-labelledby="reports-title" class="reports">
      <h1 id="reports-title">{t('reports')}</h1>
      {!online.value && <p class="warn" role="status" data-testid="reports-offline">{t('rpOffline')}</p>}
      {loadError && <p class="error" role="alert">{t('rpLoadFailed', { msg: loadError })}</p>}
      {malls.length > 1 && (
        <label>
          {t('mall')}
          <select value={mall} onChange={(e) => setMall((e.target as HTMLSelectElement).value)} data-testid="reports-mall">
            {malls.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.code})</option>)}
          </select>
        </label>
      )}
      {malls.length === 1 && <p class="muted">{current?.name} ({current?.code})</p>}
      {current && online.value && (
        <>
          <KpiCard mall={current} />
          {malls.length > 1 && <CompareCard malls={malls} />}
          <GenerateCard malls={malls} selected={current.id} onDone={() => setListVersion((v) => v + 1)} />
          <ReportList mall={current} version={listVersion} />
          {malls.length > 1 && <GroupList malls={malls} version={listVersion} />}
        </>
      )}
    </section>
  );
}

// --- headline KPIs -------------------------------------------------------------

function KpiCard({ mall }: { mall: RecordModel }) {
  const [kind, setKind] = useState<Kind>('weekly');
  const [period, setPeriod] = useState(''); // '' = the running period
  const [data, setData] = useState<KpiResponse | null>(null);
  const [error, setError] = useState('');
  const tz = (mall.timezone as string) || 'Asia/Shanghai';
  const running = currentPeriod(kind, tz);
  const shown = period || running;

  useEffect(() => {
    let live = true;
    setError('');
    fetchKpis(mall.id, kind, period || undefined)
      .then((d) => live && setData(d))
      .catch((err) => { if (live) { setData(null); setError(errText(err)); } });
    return () => { live = false; };
  }, [mall.id, kind, period]);

  const pick = (k: Kind) => { setKind(k); setPeriod(''); setData(null); };
  const step = (n: number) => {
    const next = shiftPeriod(kind, shown, n);
    setData(null);
    setPeriod(next === running ? '' : next);
  };
  const k = data && data.kind === kind ? data.kpis : null;
  return (
    <div class="card" aria-labelledby="kpi-title" role="region" data-testid="kpi-card">
      <h2 id="kpi-title">{t('rpKpis')}</h2>
      <div class="seg" role="group" aria-label={t('rpKind')}>
        <button class={'seg-btn' + (kind === 'weekly' ? ' on' : '')} aria-pressed={kind === 'weekly'} onClick={() => pick('weekly')} data-testid="kpi-weekly">{t('rpThisWeek')}</button>
        <button class={'seg-btn' + (kind === 'monthly' ? ' on' : '')} aria-pressed={kind === 'monthly'} onClick={() => pick('monthly')} data-testid="kpi-monthly">{t('rpThisMonth')}</button>
      </div>
      <div class="period-nav">
        <button onClick={() => step(-1)} aria-label={t('rpPrev')}>‹</button>
        <div class="period-name" aria-live="polite">
          <strong>{periodLabel(kind, shown, en())}</strong>
          <span class="muted">{period ? t('rpFinal') : t('rpRunning')}</span>
        </div>
        <button onClick={() => step(1)} aria-label={t('rpNext')} disabled={!period}>›</button>
      </div>
      {error && <p class="error" role="alert">{t('rpLoadFailed', { msg: error })}</p>}
      {!k && !error && <p class="muted" role="status">{t('rpLoading')}</p>}
      {k && (
        <>
          <ul class="kpis" data-testid="kpi-list">
            {headlines.map((h) => {
              const v = h.value(k);
              const target = targetOf(h, data!.targets);
              const met = target?.met ?? null;
              return (
                <li key={h.key} data-kpi={h.key}>
                  <span class="kpi-name">{en() ? h.en : h.zh}</span>
                  <span class="kpi-value" data-testid="kpi-value">{formatValue(v, h.format, en())}</span>
                  {target && <span class="kpi-target">{t('rpTarget', { t: target.target })}</span>}
                  {target && (met === null
                    ? <span class="tag nodata">{t('rpNoData')}</span>
                    : <span class={'tag ' + (met ? 'met' : 'notmet')}>{met ? '✓ ' + t('rpMet') : '✗ ' + t('rpNotMet')}</span>)}
                </li>
              );
            })}
          </ul>
          {data?.total !== undefined && <p class="kpi-total">{t('rpTotal', { n: data.total })}</p>}
          <BarChart id="chart-per-day" title={t('rpPerDay')} columns={[t('rpDay'), t('rpCount')]}
            points={dayLabels(kind, k.period, k.per_day.length).map((l, i) => ({ label: l, value: k.per_day[i] }))} />
          <HBarChart id="chart-by-target" title={t('rpByTarget')} columns={[t('target'), t('rpCount')]}
            points={options('target').map((c) => ({ label: label('target', c), value: k.by_target[c] ?? 0 }))} />
          <Trend data={data!} />
        </>
      )}
    </div>
  );
}

function Trend({ data }: { data: KpiResponse }) {
  const series = [...data.history, data.kpis];
  const short = (name: string) => (data.kind === 'monthly' ? (en() ? name : `${Number(name.slice(5))}月`) : name.slice(5));
  const pct = (v: number | null) => formatValue(v, 'percent', en());
  return (
    <>
      <LineChart id="chart-trend" title={t('rpTrend')} columns={[t('rpPeriod'), t('rpCount')]}
        points={series.map((k) => ({ label: short(k.period), value: k.received }))} />
      <LineChart id="chart-trend-rate" title={t('rpTrendRate')} columns={[t('rpPeriod'), t('rpValue')]} max={1} format={pct}
        points={series.map((k) => ({ label: short(k.period), value: k.resolution_rate.value }))} />
    </>
  );
}

// --- generation on demand --------------------------------------------------------

function GenerateCard({ malls, selected, onDone }: { malls: RecordModel[]; selected: string; onDone: () => void }) {
  const [kind, setKind] = useState<Kind>('weekly');
  const [chosen, setChosen] = useState<string[]>([selected]);
  const tz = (malls.find((m) => m.id === selected)?.timezone as string) || 'Asia/Shanghai';
  const closed = lastClosedPeriod(kind, tz);
  const [period, setPeriod] = useState(closed);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState('');
  const [group, setGroup] = useState(false);
  const live = useRef(true);
  useEffect(() => () => { live.current = false; }, []);
  useEffect(() => setPeriod(lastClosedPeriod(kind, tz)), [kind, tz]);
  useEffect(() => setChosen((c) => (c.length ? c : [selected])), [selected]);

  const running = job && (job.status === 'queued' || job.status === 'running');
  const choices = [currentPeriod(kind, tz), ...Array.from({ length: 12 }, (_, i) => shiftPeriod(kind, closed, -i))];
  const mallCode = (id: string) => malls.find((m) => m.id === id)?.code ?? id;

  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    if (!chosen.length) return setError(t('rpPickMall'));
    try {
      const started = await startJob(chosen, kind, period, group && chosen.length > 1);
      const done = await waitJob(started, (j) => live.current && setJob(j));
      if (live.current && done.results.some((r) => r.report || r.group)) onDone();
    } catch (err) {
      if (live.current) { setJob(null); setError(errText(err)); }
    }
  };
  const toggle = (id: string, on: boolean) => setChosen((c) => (on ? [...c.filter((x) => x !== id), id] : c.filter((x) => x !== id)));

  return (
    <form class="card" aria-labelledby="gen-title" onSubmit={submit} data-testid="generate-card">
      <h2 id="gen-title">{t('rpGenerate')}</h2>
      {malls.length > 1 && (
        <fieldset>
          <legend>{t('rpMalls')}</legend>
          <div class="seg">
            {malls.map((m) => (
              <label key={m.id} class={'seg-btn' + (chosen.includes(m.id) ? ' on' : '')}>
                <input type="checkbox" checked={chosen.includes(m.id)} onChange={(e) => toggle(m.id, (e.target as HTMLInputElement).checked)} />
                {m.name} ({m.code})
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {chosen.length > 1 && (
        <label class="check-line">
          <input type="checkbox" checked={group} onChange={(e) => setGroup((e.target as HTMLInputElement).checked)} data-testid="gen-group" />
          {tr('group')}
        </label>
      )}
      <fieldset>
        <legend>{t('rpKind')}</legend>
        <div class="seg">
          {(['weekly', 'monthly'] as Kind[]).map((k) => (
            <label key={k} class={'seg-btn' + (kind === k ? ' on' : '')}>
              <input type="radio" name="gen-kind" value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={'gen-' + k} />
              {kindName(k)}
            </label>
          ))}
        </div>
      </fieldset>
      <label>
        {t('rpPeriod')}
        <select value={period} onChange={(e) => setPeriod((e.target as HTMLSelectElement).value)} data-testid="gen-period">
          {choices.map((p, i) => <option key={p} value={p}>{periodLabel(kind, p, en())}{i === 0 ? ' · ' + t('rpRunning') : ''}</option>)}
        </select>
      </label>
      <button type="submit" class="primary wide" disabled={!!running} data-testid="generate">{t('rpGenerateBtn')}</button>
      <div role="status" aria-live="polite" data-testid="gen-status">
        {running && job && (
          <>
            <p>{job.status === 'queued' ? t('rpQueued') : job.group ? tr('groupProgress', { done: job.done, total: job.total }) : t('rpProgress', { done: job.done, total: job.total })}</p>
            <progress max={job.total} value={job.status === 'queued' ? undefined : job.done} aria-label={t('rpGenerate')} />
          </>
        )}
        {job && !running && job.results.some((r) => r.group) && <p class="ok-text" data-testid="gen-group-done">✓ {tr('groupDone')}</p>}
        {job && !running && job.results.filter((r) => r.report).length > 0 && (
          <p class="ok-text" data-testid="gen-done">✓ {t('rpDone', { malls: job.results.filter((r) => r.report).map((r) => mallCode(r.mall)).join('、') })}</p>
        )}
      </div>
      {job && !running && job.results.filter((r) => r.error).map((r) => (
        <p key={r.mall || 'group'} class="error" role="alert">{r.mall ? mallCode(r.mall) + '：' : ''}{t('rpFailed', { msg: r.error! })}</p>
      ))}
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}

/** Downloads a report (a mall's or a group's) through a fresh signed link. */
async function download(id: string) {
  const link = await mintLink(id);
  const a = document.createElement('a');
  a.href = link.path;
  a.download = link.name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

// --- generated reports -------------------------------------------------------------

function ReportList({ mall, version }: { mall: RecordModel; version: number }) {
  const [rows, setRows] = useState<RecordModel[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const [rowError, setRowError] = useState<{ id: string; msg: string } | null>(null);

  useEffect(() => {
    let live = true;
    listReports(mall.id)
      .then((r) => { if (live) { setRows(r); setError(''); } })
      .catch((err) => live && setError(errText(err)));
    return () => { live = false; };
  }, [mall.id, version]);

  const save = async (r: RecordModel) => {
    setBusy(r.id);
    setRowError(null);
    try {
      await download(r.id);
    } catch (err) {
      setRowError({ id: r.id, msg: errText(err) });
    } finally {
      setBusy('');
    }
  };

  return (
    <div class="card" aria-labelledby="list-reports-title" role="region">
      <h2 id="list-reports-title">{t('rpList')}</h2>
      {error && <p class="error" role="alert">{t('rpLoadFailed', { msg: error })}</p>}
      {rows && rows.length === 0 && <p class="muted">{t('rpNone')}</p>}
      <ul class="report-list" data-testid="report-list">
        {rows?.map((r) => (
          <li key={r.id} data-testid="report-row" data-period={r.period} data-kind={r.kind}>
            <div class="report-main">
              <strong>{kindName(r.kind as Kind)}</strong>
              <span>{periodLabel(r.kind as Kind, r.period as string, en())}</span>
              <span class="muted">{t('rpUpdated', { t: fmtTime(r.updated) })} · {r.source === 'schedule' ? t('rpSchedule') : t('rpDemand')}</span>
            </div>
            <button onClick={() => save(r)} disabled={busy === r.id || !r.file} data-testid="download"
              aria-label={`${t('rpDownload')} ${kindName(r.kind as Kind)} ${r.period}`}>
              {busy === r.id ? t('rpDownloading') : t('rpDownload')}
            </button>
            {rowError?.id === r.id && <p class="error" role="alert">{rowError.msg}</p>}
          </li>
        ))}
      </ul>
    </div>
  );
}

// --- the HQ view: malls side by side ---------------------------------------------

function CompareCard({ malls }: { malls: RecordModel[] }) {
  const [kind, setKind] = useState<Kind>('monthly');
  const [data, setData] = useState<Comparison | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    setData(null);
    fetchComparison(malls.map((m) => m.id), kind)
      .then((d) => live && (setData(d), setError('')))
      .catch((err) => live && setError(errText(err)));
    return () => { live = false; };
  }, [kind, malls.map((m) => m.id).join()]);
  const rows = headlines.filter((h) => data?.malls[0]?.targets.some((x) => x.key === h.key) || ['received', 'overdue_open'].includes(h.key));
  return (
    <div class="card" role="region" aria-labelledby="compare-title" data-testid="compare-card">
      <h2 id="compare-title">{tr('compare')}</h2>
      <p class="muted">{tr('compareHint')}</p>
      <div class="seg" role="group" aria-label={t('rpKind')}>
        <button class={'seg-btn' + (kind === 'weekly' ? ' on' : '')} aria-pressed={kind === 'weekly'} onClick={() => setKind('weekly')}>{t('rpThisWeek')}</button>
        <button class={'seg-btn' + (kind === 'monthly' ? ' on' : '')} aria-pressed={kind === 'monthly'} onClick={() => setKind('monthly')}>{t('rpThisMonth')}</button>
      </div>
      {error && <p class="error" role="alert">{t('rpLoadFailed', { msg: error })}</p>}
      {!data && !error && <p class="muted" role="status">{t('rpLoading')}</p>}
      {data && (
        <>
          <p class="muted">{periodLabel(kind, data.period, en())} · {data.final ? t('rpFinal') : t('rpRunning')}</p>
          <div class="table-scroll" tabindex={0} role="group" aria-label={`${tr('compare')} · ${tr('scrollHint')}`}>
            <table class="compare" data-testid="compare-table">
              <thead>
                <tr><th scope="col">{tr('indicator')}</th>{data.malls.map((m) => <th scope="col" key={m.mall}>{m.name}<br /><span class="muted">{m.code}</span></th>)}</tr>
              </thead>
              <tbody>
                {rows.map((h) => (
                  <tr key={h.key} data-kpi={h.key}>
                    <th scope="row">{en() ? h.en : h.zh}</th>
                    {data.malls.map((m) => {
                      const target = m.targets.find((x) => x.key === h.key);
                      const met = target?.met ?? null;
                      return (
                        <td key={m.mall} class={target && met !== null ? (met ? 'met' : 'notmet') : ''}>
                          {formatValue(h.value(m.kpis), h.format, en())}
                          {target && met !== null && <span class="sr-only">{met ? t('rpMet') : t('rpNotMet')}</span>}
                          {target && met !== null && <span aria-hidden="true"> {met ? '✓' : '✗'}</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
                <tr data-kpi="met"><th scope="row">{tr('metCount')}</th>{data.malls.map((m) => <td key={m.mall}>{m.met}/{m.met + m.missed}</td>)}</tr>
                <tr data-kpi="score"><th scope="row">{tr('score')}</th>{data.malls.map((m) => <td key={m.mall}><strong>{m.score}</strong></td>)}</tr>
                <tr data-kpi="rank"><th scope="row">{tr('rank')}</th>{data.malls.map((m) => <td key={m.mall} data-testid="compare-rank" data-code={m.code}>{m.rank}</td>)}</tr>
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

function GroupList({ malls, version }: { malls: RecordModel[]; version: number }) {
  const [rows, setRows] = useState<RecordModel[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  useEffect(() => {
    let live = true;
    listGroupReports().then((r) => live && (setRows(r), setError(''))).catch((err) => live && setError(errText(err)));
    return () => { live = false; };
  }, [version]);
  const code = (id: string) => String(malls.find((m) => m.id === id)?.code ?? '…');
  const save = async (r: RecordModel) => {
    setBusy(r.id);
    try {
      await download(r.id);
    } catch (err) {
      setError(errText(err));
    } finally {
      setBusy('');
    }
  };
  return (
    <div class="card" role="region" aria-labelledby="groups-title">
      <h2 id="groups-title">{tr('groups')}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {rows && !rows.length && <p class="muted">{tr('noGroups')}</p>}
      <ul class="report-list" data-testid="group-list">
        {rows?.map((r) => (
          <li key={r.id} data-testid="group-row" data-period={r.period}>
            <div class="report-main">
              <strong>{kindName(r.kind as Kind)} · {tr('malls', { n: (r.malls as string[]).length })}</strong>
              <span>{periodLabel(r.kind as Kind, r.period as string, en())}</span>
              <span class="muted">{(r.malls as string[]).map(code).join('、')} · {t('rpUpdated', { t: fmtTime(r.updated) })}</span>
            </div>
            <button onClick={() => save(r)} disabled={busy === r.id} data-testid="group-download">{busy === r.id ? t('rpDownloading') : t('rpDownload')}</button>
          </li>
        ))}
      </ul>
    </div>
  );
}

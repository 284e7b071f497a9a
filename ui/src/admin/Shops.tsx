// 商铺: the mall's shops from the local store (search, add, edit, close:
// outbox writes, offline too), and the import / export of a shop list
// (online: the server checks and writes a file in one transaction).
import { useMemo, useState } from 'preact/hooks';
import type { LocalRecord } from '../db';
import { useLive } from '../live';
import { online, syncNow } from '../store';
import { limits } from '../domain';
import { Back, MallPicker, useMall } from './common';
import { exportShops, plainError, previewImport, recheckImport, startImport, waitImport, type CheckedRow, type ImportJob, type Preview, type ShopRow } from './api';
import { records, save } from './store';
import { ta } from './strings';

const fields = ['name', 'brand', 'floor', 'booth', 'category'] as const;
type Field = (typeof fields)[number];
const fieldLabel: Record<Field, Parameters<typeof ta>[0]> = { name: 'shopName', brand: 'brand', floor: 'floor', booth: 'booth', category: 'category' };
const max = (f: Field) => (limits.textMax as Record<string, number>)['shops.' + f];
const err = (e: unknown) => plainError(e, ta('onlineOnly'), String((e as Error)?.message ?? e));

export function Shops() {
  const [malls, mall, setMall] = useMall();
  const all = useLive(() => records('shops'), [], [] as LocalRecord[]);
  const [q, setQ] = useState('');
  const [showClosed, setShowClosed] = useState(false);
  const [editing, setEditing] = useState<LocalRecord | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [msg, setMsg] = useState('');
  const [exporting, setExporting] = useState(false);
  const current = malls.find((m) => m.id === mall);
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return all
      .filter((s) => s.mall === mall && (showClosed || !s.closed))
      .filter((s) => !needle || fields.map((f) => s[f] ?? '').join(' ').toLowerCase().includes(needle))
      .sort((a, b) => String(a.floor ?? '').localeCompare(String(b.floor ?? '')) || String(a.booth ?? '').localeCompare(String(b.booth ?? '')) || String(a.name).localeCompare(String(b.name)));
  }, [all, mall, q, showClosed]);

  const doExport = async () => {
    setExporting(true);
    setMsg('');
    try { await exportShops(mall, String(current?.code ?? '')); } catch (e) { setMsg(err(e)); } finally { setExporting(false); }
  };

  return (
    <section aria-labelledby="shops-title" class="admin">
      <Back />
      <h1 id="shops-title">{ta('shops')} <span class="count">{shown.length}</span></h1>
      <MallPicker malls={malls} mall={mall} onPick={setMall} />
      <div class="toolbar">
        <button class="primary" onClick={() => setEditing('new')} data-testid="add-shop">＋ {ta('addShop')}</button>
        <button onClick={() => setImporting(!importing)} aria-expanded={importing} disabled={!online.value} data-testid="import-shops">{ta('importShops')}</button>
        <button onClick={doExport} disabled={!online.value || exporting} data-testid="export-shops">{exporting ? ta('exporting') : ta('exportShops')}</button>
      </div>
      {!online.value && <p class="muted">{ta('onlineOnly')}</p>}
      {msg && <p class="error" role="alert">{msg}</p>}
      {importing && mall && <Import mall={mall} onDone={() => void syncNow()} />}
      {editing && <ShopForm mall={mall} shop={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <div class="toolbar">
        <label class="search">
          <span class="sr-only">{ta('shopSearch')}</span>
          <input type="search" placeholder={ta('shopSearch')} value={q} onInput={(e) => setQ(e.currentTarget.value)} data-testid="shop-search" />
        </label>
        <label class="check"><input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.currentTarget.checked)} />{ta('showClosed')}</label>
      </div>
      {!shown.length && <p class="empty">{ta('noShops')}</p>}
      <ul class="rows" data-testid="shop-list">
        {shown.slice(0, 300).map((s) => (
          <li key={s.id} data-testid="shop-row" data-name={String(s.name)}>
            <div class="row-line">
              <strong>{String(s.name)}</strong>
              {s.brand ? <span class="muted">{String(s.brand)}</span> : null}
              {s.closed ? <span class="tag bad">{ta('closed')}</span> : null}
              {s._pending ? <span class="tag wait">{ta('saved')}</span> : null}
            </div>
            <div class="muted">{[s.floor, s.booth, s.category].filter(Boolean).join(' · ') || '—'}</div>
            <div class="row-actions">
              <button onClick={() => setEditing(s)} aria-label={`${ta('editShop')} ${s.name}`}>{ta('editShop')}</button>
              <button class={s.closed ? '' : 'danger'} onClick={() => save('shops', s.id, { closed: !s.closed })}>
                {s.closed ? ta('reopenShop') : ta('closeShop')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ShopForm({ mall, shop, onClose }: { mall: string; shop: LocalRecord | null; onClose: () => void }) {
  const [f, setF] = useState<Record<Field, string>>(() => Object.fromEntries(fields.map((k) => [k, String(shop?.[k] ?? '')])) as Record<Field, string>);
  const submit = async (e: Event) => {
    e.preventDefault();
    const data: Record<string, unknown> = Object.fromEntries(fields.map((k) => [k, f[k].trim()]));
    if (!shop) Object.assign(data, { mall, closed: false });
    await save('shops', shop?.id ?? null, data);
    onClose();
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="shop-form-title" data-testid="shop-form">
      <h2 id="shop-form-title">{shop ? ta('editShop') : ta('addShop')}</h2>
      <div class="grid2">
        {fields.map((k) => (
          <label key={k}>{ta(fieldLabel[k])}
            <input name={k} required={k === 'name'} maxLength={max(k)} value={f[k]} onInput={(e) => setF({ ...f, [k]: e.currentTarget.value })} />
          </label>
        ))}
      </div>
      <div class="form-actions">
        <button type="button" onClick={onClose}>{ta('back')}</button>
        <button class="primary" type="submit" data-testid="save-shop">{ta('saveTemplate')}</button>
      </div>
    </form>
  );
}

const statusLabel: Record<CheckedRow['status'], Parameters<typeof ta>[0]> = { new: 'rowNew', changed: 'rowChanged', unchanged: 'rowUnchanged', invalid: 'rowInvalid' };

/** File → upload (progress) → preview (fix invalid rows in place) → one import (progress). */
function Import({ mall, onDone }: { mall: string; onDone: () => void }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [rows, setRows] = useState<CheckedRow[]>([]);
  const [phase, setPhase] = useState<'idle' | 'upload' | 'check' | 'apply'>('idle');
  const [pct, setPct] = useState(0);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState('');
  const take = (p: Preview) => { setPreview(p); setRows(p.rows); };
  const choose = async (file: File | undefined) => {
    if (!file) return;
    setError(''); setJob(null); setPhase('upload'); setPct(0);
    try {
      take(await previewImport(mall, file, (s) => { setPct(Math.round(s * 100)); if (s >= 1) setPhase('check'); }));
    } catch (e) { setError(err(e)); setPreview(null); } finally { setPhase('idle'); }
  };
  const plain = (r: CheckedRow): ShopRow => ({ line: r.line, name: r.name, brand: r.brand, floor: r.floor, booth: r.booth, category: r.category });
  const recheck = async () => {
    setError(''); setPhase('check');
    try { take(await recheckImport(mall, rows.map(plain))); } catch (e) { setError(err(e)); } finally { setPhase('idle'); }
  };
  const apply = async () => {
    setError(''); setPhase('apply');
    try {
      const done = await waitImport(await startImport(mall, rows.map(plain)), setJob);
      if (done.status === 'failed') setError(ta('importFailed', { msg: done.error ?? '' }));
      else { setPreview(null); setRows([]); onDone(); }
    } catch (e) { setError(ta('importFailed', { msg: err(e) })); } finally { setPhase('idle'); }
  };
  const edit = (i: number, k: Field, v: string) => setRows(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const counts = { new: 0, changed: 0, unchanged: 0, invalid: 0 };
  for (const r of rows) counts[r.status]++;
  const edited = preview && rows.some((r, i) => fields.some((k) => r[k] !== preview.rows[i]?.[k]));
  const stillBad = rows.some((r) => r.status === 'invalid');
  // invalid rows first, then changes; unchanged rows are only counted
  const order = rows.map((r, i) => ({ r, i })).sort((a, b) => ['invalid', 'changed', 'new', 'unchanged'].indexOf(a.r.status) - ['invalid', 'changed', 'new', 'unchanged'].indexOf(b.r.status));
  const listed = order.filter(({ r }) => r.status !== 'unchanged').slice(0, 200);
  return (
    <div class="card" role="region" aria-labelledby="import-title" data-testid="import">
      <h2 id="import-title">{ta('importTitle')}</h2>
      <p class="muted">{ta('importHint')}</p>
      <label>{ta('chooseFile')}
        <input type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" data-testid="import-file"
          onChange={(e) => choose(e.currentTarget.files?.[0])} disabled={phase !== 'idle'} />
      </label>
      <div role="status" aria-live="polite">
        {phase === 'upload' && <><p>{ta('uploading', { pct })}</p><progress max={100} value={pct} aria-label={ta('uploading', { pct })} /></>}
        {phase === 'check' && <><p>{ta('checking')}</p><progress aria-label={ta('checking')} /></>}
        {phase === 'apply' && job && <><p>{ta('applying', { done: job.done, total: job.total })}</p><progress max={job.total} value={job.done} aria-label={ta('applying', { done: job.done, total: job.total })} /></>}
        {job?.status === 'done' && <p class="ok-text" data-testid="import-done">✓ {ta('imported', { created: job.created, updated: job.updated })}</p>}
      </div>
      {error && <p class="error" role="alert" data-testid="import-error">{error}</p>}
      {preview && (
        <>
          <p data-testid="import-summary"><strong>{ta('summary', counts)}</strong></p>
          {stillBad && <p class="warn">{ta('fixRows')}</p>}
          <ul class="rows import-rows">
            {listed.map(({ r, i }) => (
              <li key={r.line} class={'st-' + r.status} data-testid="import-row" data-status={r.status} data-line={r.line}>
                <div class="row-line">
                  <strong>{ta('line', { n: r.line })}</strong>
                  <span class={'tag ' + (r.status === 'invalid' ? 'bad' : 'wait')}>{ta(statusLabel[r.status])}</span>
                  {r.reason && <span class="error">{r.reason}</span>}
                  {r.changes?.length ? <span class="muted">{ta('changes', { f: r.changes.join('、') })}</span> : null}
                </div>
                {r.status === 'invalid' ? (
                  <div class="grid2">
                    {fields.map((k) => (
                      <label key={k}>{ta(fieldLabel[k])}
                        <input value={r[k]} onInput={(e) => edit(i, k, e.currentTarget.value)} data-testid={'fix-' + k} />
                      </label>
                    ))}
                    <button class="danger" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{ta('removeRow')}</button>
                  </div>
                ) : <div class="muted">{fields.map((k) => r[k]).filter(Boolean).join(' · ')}</div>}
              </li>
            ))}
          </ul>
          <div class="form-actions">
            <button onClick={recheck} disabled={phase !== 'idle' || !rows.length} data-testid="recheck">{ta('recheck')}</button>
            <button class="primary" onClick={apply} disabled={phase !== 'idle' || stillBad || !!edited || !rows.length} data-testid="apply-import">
              {ta('apply', { n: rows.length })}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

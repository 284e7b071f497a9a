// Rectifications of my malls: open ones by urgency (overdue first, then due
// soon, then by deadline), the fixed ones waiting for a re-check, and a
// shop's whole history. Thousands of rows scroll smoothly (VirtualList).
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { LocalRecord } from '../db';
import { rectDeadlineState, type SlaState } from '../domain';
import { fmtSpan, fmtTime, label } from '../i18n';
import { useLive } from '../live';
import { VirtualList } from '../components/VirtualList';
import { all, me, ms, shopLabel } from '../inspections/local';
import { SyncTags } from '../inspections/ui';
import { t } from './strings';

type Filter = 'todo' | 'overdue' | 'soon' | 'recheck' | 'verified' | 'all';
const filters: Filter[] = ['todo', 'overdue', 'soon', 'recheck', 'verified', 'all'];

export interface Row {
  r: LocalRecord;
  state: SlaState | null; // deadline state while open
  deadline: number;
  shop: string;
}

const rank = (row: Row) => (row.r.status === 'verified' ? 5 : row.r.status === 'done' ? 4 : { overdue: 0, soon: 1, ok: 2 }[row.state ?? 'ok']);

/**
 * The rows a filter shows, most urgent first: overdue, due soon, open by
 * deadline, fixed and waiting for the re-check, then the verified history
 * (latest first).
 */
export function rectRows(list: LocalRecord[], shops: Map<string, LocalRecord>, filter: Filter, shop: string, q: string, now: number): Row[] {
  const mine = new Set(me().malls);
  const needle = q.trim().toLowerCase();
  const out: Row[] = [];
  for (const r of list) {
    if (mine.size && !mine.has(String(r.mall))) continue;
    if (shop && r.shop !== shop) continue;
    const status = String(r.status || 'open');
    const deadline = ms(r.deadline);
    const state = status === 'open' && !isNaN(deadline) ? rectDeadlineState(deadline, now) : null;
    const keep = {
      todo: status !== 'verified', overdue: state === 'overdue', soon: state === 'soon',
      recheck: status === 'done', verified: status === 'verified', all: true,
    }[filter];
    // a shop's history shows everything unless a filter narrows it
    if (!keep && !(shop && filter === 'todo')) continue;
    const s = shops.get(String(r.shop));
    const shopName = s ? shopLabel(s) : '';
    if (needle && !`${r.issue} ${shopName} ${r.floor}`.toLowerCase().includes(needle)) continue;
    out.push({ r, state, deadline, shop: shopName });
  }
  out.sort((a, b) => rank(a) - rank(b) || (rank(a) === 5
    ? ms(b.r.verified_at) - ms(a.r.verified_at)
    : (a.deadline || Infinity) - (b.deadline || Infinity)) || String(a.r.id).localeCompare(String(b.r.id)));
  return out;
}

export function RectificationList({ query = '' }: { query?: string }) {
  const list = useLive(() => all('rectifications'), [], [] as LocalRecord[]);
  const shopList = useLive(() => all('shops'), [], [] as LocalRecord[]);
  const shops = useMemo(() => new Map(shopList.map((s) => [s.id, s])), [shopList]);
  const [filter, setFilter] = useState<Filter>('todo');
  const [shop, setShop] = useState(new URLSearchParams(query).get('shop') ?? '');
  const [q, setQ] = useState('');
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const rows = useMemo(() => rectRows(list, shops, filter, shop, q, now), [list, shops, filter, shop, q, now]);
  const withRects = useMemo(() => {
    const ids = new Set(list.map((r) => String(r.shop)).filter(Boolean));
    return shopList.filter((s) => ids.has(s.id)).sort((a, b) => shopLabel(a).localeCompare(shopLabel(b)));
  }, [list, shopList]);
  return (
    <section aria-labelledby="rect-title">
      <div class="list-head">
        <h1 id="rect-title">{shop ? t('shopHistory') : t('rectifications')} <span class="count" data-testid="rect-count">{rows.length}</span></h1>
      </div>
      <label class="search">
        <span class="sr-only">{t('search')}</span>
        <input type="search" placeholder={t('search')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      <label>{t('shop')}
        <select value={shop} onChange={(e) => setShop(e.currentTarget.value)} name="shop-filter">
          <option value="">{t('allShops')}</option>
          {withRects.map((s) => <option key={s.id} value={s.id}>{shopLabel(s)}</option>)}
        </select>
      </label>
      <div class="chips" role="group" aria-label={t('show')}>
        {filters.map((f) => (
          <button key={f} class={'chip' + (filter === f ? ' on' : '')} aria-pressed={filter === f} onClick={() => setFilter(f)} data-filter={f}>{t(f)}</button>
        ))}
      </div>
      {rows.length === 0 ? <p class="empty">{t('none')}</p> : (
        <VirtualList items={rows} rowHeight={108} label={t('rectifications')} render={(row) => <RectRow row={row} now={now} />} />
      )}
    </section>
  );
}

function RectRow({ row: { r, state, deadline, shop }, now }: { row: Row; now: number }) {
  return (
    <a class="row" href={'#/rectifications/' + r.id} data-testid="rect-row" data-id={r.id}>
      <div class="row-top">
        <span class={'status s-' + (r.status || 'open')}>{label('rect_status', r.status || 'open')}</span>
        <b class="row-shop">{shop || String(r.floor ?? '')}</b>
        <SyncTags r={r} />
      </div>
      <div class="row-mid">{String(r.issue ?? '').split('\n')[0]}</div>
      {state ? <DeadlineBadge state={state} deadline={deadline} now={now} /> : (
        <div class="row-desc">{r.status === 'done' ? t('doneAt', { t: fmtTime(r.done_at) || t('justNow') }) : t('verifiedAt', { t: fmtTime(r.verified_at) })}</div>
      )}
    </a>
  );
}

export function DeadlineBadge({ state, deadline, now }: { state: SlaState; deadline: number; now: number }) {
  const left = deadline - now;
  return (
    <span class={'sla ' + state} data-testid="rect-deadline">
      {t('deadline')} {fmtTime(new Date(deadline).toISOString())} · {left < 0 ? t('overdueBy', { t: fmtSpan(left) }) : t('dueIn', { t: fmtSpan(left) })}
    </span>
  );
}

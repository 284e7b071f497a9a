import { useEffect, useMemo, useState } from 'preact/hooks';
import { canWriteComplaints, user } from '../auth';
import { allComplaints } from './store';
import type { LocalRecord } from '../db';
import { localRef } from '../ids';
import { isOpen, slaOf, type Sla } from '../domain';
import { fmtSpan, label, t } from '../i18n';
import { useLive } from '../live';
import { go } from '../router';
import { VirtualList } from '../components/VirtualList';

type Filter = 'all' | 'overdue' | 'soon' | 'major' | 'callback' | 'mine';
const filters: [Filter, Parameters<typeof t>[0]][] = [
  ['all', 'all'], ['overdue', 'overdue'], ['soon', 'dueSoon'], ['major', 'major'], ['callback', 'toCallback'], ['mine', 'mine'],
];

interface Row { c: LocalRecord; sla: Sla | null; }

export function ComplaintList() {
  const list = useLive(allComplaints, [], [] as LocalRecord[]);
  const [filter, setFilter] = useState<Filter>('all');
  const [q, setQ] = useState('');
  // SLA badges move with the clock: recompute every minute
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const me = user.value?.id;
    const out: Row[] = [];
    for (const c of list) {
      if (!isOpen(c.status as string || 'registered')) continue;
      const sla = slaOf(c, now);
      if (filter === 'overdue' && sla?.state !== 'overdue') continue;
      if (filter === 'soon' && sla?.state !== 'soon') continue;
      if (filter === 'major' && c.severity !== 'major') continue;
      if (filter === 'callback' && c.status !== 'resolved') continue;
      if (filter === 'mine' && c.created_by !== me && !(c._base === null)) continue;
      if (needle) {
        const hay = [c.number, c.customer_name, c.phone, c.description, localRef(c.id)].join(' ').toLowerCase();
        if (!hay.includes(needle)) continue;
      }
      out.push({ c, sla });
    }
    // most urgent first, then newest
    const rank = (r: Row) => (r.sla ? { overdue: 0, soon: 1, ok: 2 }[r.sla.state] : 3);
    out.sort((a, b) => rank(a) - rank(b) || (a.sla?.due ?? 0) - (b.sla?.due ?? 0) || String(b.c.created ?? '').localeCompare(String(a.c.created ?? '')));
    return out;
  }, [list, filter, q, now]);

  return (
    <section aria-labelledby="list-title">
      <div class="list-head">
        <h1 id="list-title">{t('openList')} <span class="count">{rows.length}</span></h1>
        {canWriteComplaints.value && (
          <button class="primary" onClick={() => go('/new')} data-testid="new-complaint">＋ {t('newComplaint')}</button>
        )}
      </div>
      <label class="search">
        <span class="sr-only">{t('search')}</span>
        <input type="search" placeholder={t('search')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      <div class="chips" role="group" aria-label={t('status')}>
        {filters.map(([f, key]) => (
          <button key={f} class={'chip' + (filter === f ? ' on' : '')} aria-pressed={filter === f} onClick={() => setFilter(f)}>{t(key)}</button>
        ))}
      </div>
      {rows.length === 0 ? <p class="empty">{t('noComplaints')}</p> : (
        <VirtualList items={rows} rowHeight={120} label={t('openList')} render={(r) => <ComplaintRow row={r} now={now} />} />
      )}
    </section>
  );
}

function ComplaintRow({ row: { c, sla }, now }: { row: Row; now: number }) {
  const ref = (c.number as string) || localRef(c.id);
  return (
    <a class="row" href={'#/c/' + c.id} data-testid="complaint-row" data-id={c.id}>
      <div class="row-top">
        <span class={'ref' + (c.number ? '' : ' local')}>{ref}</span>
        <span class={'status s-' + c.status}>{label('status', c.status || 'registered')}</span>
        {c.severity === 'major' && <span class="tag major">{label('severity', 'major')}</span>}
        {!!c._pending && <span class="tag wait">{t('pendingSync')}</span>}
        {!!c._failed && <span class="tag bad">{t('failed')}</span>}
        {!!c._conflict && <span class="tag bad">{t('conflict')}</span>}
      </div>
      <div class="row-mid">{c.customer_name as string} · {label('target', c.target)}</div>
      <div class="row-desc">{c.description as string}</div>
      {sla && <SlaBadge sla={sla} now={now} />}
    </a>
  );
}

export function SlaBadge({ sla, now }: { sla: Sla; now: number }) {
  const left = sla.due - now;
  const text = left < 0 ? t('overdueBy', { t: fmtSpan(left) }) : t('dueIn', { t: fmtSpan(left) });
  return <span class={'sla ' + sla.state} data-testid="sla">{label('deadline', sla.kind)} · {text}</span>;
}

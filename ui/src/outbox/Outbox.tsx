import { db, engine, syncNow } from '../store';
import type { Mutation } from '../db';
import { localRef } from '../ids';
import { fmtTime, label, t } from '../i18n';
import { useLive } from '../live';
import { discard, exportOutbox, retry } from '../sync/outbox';
import { outboxWords } from '../nav';

/** Everything waiting or refused, why, and what the person can do about it. */
interface Entry { m: Mutation; words?: { text: string; href?: string } }

export function Outbox() {
  const entries = useLive(async () => {
    const muts = await db.outbox.orderBy('seq').toArray();
    return Promise.all(muts.map(async (m): Promise<Entry> => ({ m, words: await outboxWords[m.collection]?.(m) })));
  }, [], [] as Entry[]);
  const list = entries.map((e) => e.m);
  const doExport = async () => {
    const blob = await exportOutbox(db);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `mallcare-outbox-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  const retryAll = async () => {
    for (const m of list) if (m.state === 'failed') await retry(db, m.seq!);
    await syncNow(true);
  };
  const p = engine.progress.value;
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t('outbox')}</h1>
      <div class="card">
        <p>{engine.pending.value ? t('waiting', { n: engine.pending.value }) : t('allSent')}
          {engine.lastError.value && <span class="muted"> · {engine.lastError.value}</span>}</p>
        {p?.label === 'photos' && <p>{t('photoProgress', { done: Math.round(p.done / 1024) + 'KB', total: Math.round(p.total / 1024) + 'KB' })}</p>}
        <div class="form-actions">
          <button class="primary" onClick={() => syncNow(true)} data-testid="sync-now">{t('syncNow')}</button>
          {list.some((m) => m.state === 'failed') && <button onClick={retryAll}>{t('retryAll')}</button>}
        </div>
      </div>
      {list.length === 0 ? <p class="empty" data-testid="outbox-empty">{t('outboxEmpty')}</p> : (
        <ul class="outbox" data-testid="outbox-list">
          {entries.map(({ m, words }) => (
            <li key={m.seq} class={'card ' + m.state} data-state={m.state}>
              <div class="row-top">
                <span class={'tag ' + (m.state === 'pending' ? 'wait' : 'bad')}>{m.state === 'pending' ? t('pendingSync') : m.state === 'failed' ? t('failed') : t('conflict')}</span>
                <b data-testid="outbox-words">{words?.text ?? describe(m)}</b>
              </div>
              <div class="muted">{fmtTime(new Date(m.createdAt).toISOString())} · {words
                ? words.href && <a href={words.href}>{t('detail')}</a>
                : <a href={'#/c/' + (m.collection === 'complaints' ? m.recordId : (m.data.complaint as string))}>{localRef(m.collection === 'complaints' ? m.recordId : String(m.data.complaint))}</a>}
                {m.attempts > 0 && ` · ×${m.attempts}`}</div>
              {m.error && <p class="error">{t('reason')}: {m.error}</p>}
              {m.state !== 'pending' && (
                <div class="form-actions">
                  <button onClick={async () => { await retry(db, m.seq!); await syncNow(true); }}>{t('retry')}</button>
                  <button class="danger" onClick={() => confirm(t('discardConfirm')) && discard(db, m.seq!)}>{t('discard')}</button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <button class="wide" onClick={doExport} disabled={!list.length}>{t('exportOutbox')}</button>
    </section>
  );
}

function describe(m: Mutation): string {
  if (m.collection === 'complaint_events') return t('addNote');
  if (m.op === 'create') return t('newComplaint') + (m.photos?.length ? ` · ${t('photos')} ${m.photos.length}` : '');
  if (typeof m.data.status === 'string') return label('action', m.data.status);
  return Object.keys(m.data).join(', ');
}

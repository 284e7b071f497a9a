import { engine, online } from '../store';
import { fmtSpan, t } from '../i18n';
import { go } from '../router';

/** What waits to be sent and when the phone last heard from the server. */
export function SyncBadge() {
  const pending = engine.pending.value;
  const failed = engine.failed.value;
  const last = engine.lastSync.value;
  const phase = engine.phase.value;
  const busy = phase === 'pushing' || phase === 'pulling';
  const since = last ? (Date.now() - last < 60_000 ? t('justNow') : t('ago', { t: fmtSpan(Date.now() - last) })) : t('never');
  const state = failed ? 'bad' : pending ? 'wait' : 'ok';
  return (
    <button class={'sync-badge ' + state} onClick={() => go('/outbox')} data-testid="sync-badge">
      <span class={'dot ' + (online.value ? 'on' : 'off')} aria-hidden="true" />
      <span class="sync-main">
        {busy ? t('syncing') : pending ? t('waiting', { n: pending }) : t('allSent')}
        {failed ? ` · ${t('failed')} ${failed}` : ''}
      </span>
      <span class="sync-sub">
        {phase === 'error' ? t('retrying') : online.value ? t('online') : t('offline')} · {t('lastSync')} {since}
      </span>
    </button>
  );
}

/** First sync, unpacking its pages, and photo uploads show how far they got. */
export function SyncProgress() {
  const p = engine.progress.value;
  const u = engine.unpacking.value;
  if (!p && u) {
    // everything is on the phone and shown; the rows are being sorted in
    const text = t('unpacking', { pct: Math.round((100 * u.done) / u.total) });
    return (
      <div class="progress" role="status" data-testid="unpack-progress">
        <span>{text}</span>
        <progress max={u.total} value={u.done} aria-label={text} />
      </div>
    );
  }
  if (!p) return null;
  const text = p.label === 'photos'
    ? t('uploadingPhotos')
    : `${t('firstSync')} · ${t('loaded', { n: p.done })}`;
  return (
    <div class="progress" role="status">
      <span>{text}</span>
      <progress max={p.total || undefined} value={p.total ? p.done : undefined} aria-label={text} />
    </div>
  );
}

// The inbox: everyone's notices (major complaints, overdue work, returned
// rectifications, plans behind, reports ready), newest first; a tap marks
// one read on every device and opens its record.
import { useEffect, useState } from 'preact/hooks';
import type { LocalRecord } from '../db';
import { fmtTime, label } from '../i18n';
import { useLive } from '../live';
import { go } from '../router';
import { db } from '../store';
import { tn } from './strings';
import { askPermission, markRead, myNotices, permission } from './store';
import { noticeHref } from './routes';

export function Inbox() {
  const list = useLive(myNotices, [], [] as LocalRecord[]);
  const [onlyUnread, setOnlyUnread] = useState(false);
  const shown = onlyUnread ? list.filter((n) => !n.read) : list;
  const unreadIds = list.filter((n) => !n.read).map((n) => n.id);
  const open = async (n: LocalRecord) => {
    if (!n.read) await markRead([n.id]);
    go(noticeHref(n));
  };
  return (
    <section aria-labelledby="inbox-title" class="inbox">
      <div class="list-head">
        <h1 id="inbox-title">{tn('inbox')} <span class="count" data-testid="inbox-unread">{unreadIds.length} {tn('unread')}</span></h1>
        <button onClick={() => markRead(unreadIds)} disabled={!unreadIds.length} data-testid="mark-all-read">{tn('markAllRead')}</button>
      </div>
      <div class="seg" role="group" aria-label={tn('inbox')}>
        <button class={'seg-btn' + (!onlyUnread ? ' on' : '')} aria-pressed={!onlyUnread} onClick={() => setOnlyUnread(false)}>{tn('everything')}</button>
        <button class={'seg-btn' + (onlyUnread ? ' on' : '')} aria-pressed={onlyUnread} onClick={() => setOnlyUnread(true)}>{tn('unreadOnly')}</button>
      </div>
      <SystemNotifications />
      {!shown.length && <p class="empty">{onlyUnread ? tn('emptyUnread') : tn('empty')}</p>}
      <ul class="notices" data-testid="notices">
        {shown.map((n) => (
          <li key={n.id}>
            <button class={'notice-row' + (n.read ? '' : ' unread')} onClick={() => open(n)} data-testid="notice" data-kind={String(n.kind)} data-read={n.read ? '1' : '0'}>
              <span class="notice-top">
                {!n.read && <span class="dot-unread" aria-label={tn('unread')} />}
                <span class={'tag ' + (n.kind === 'major_complaint' ? 'major' : 'wait')}>{label('notification_kind', n.kind)}</span>
                <time class="muted">{fmtTime(n.created)}</time>
              </span>
              <strong class="notice-title">{String(n.title ?? '')}</strong>
              {n.body ? <span class="notice-body muted">{String(n.body)}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SystemNotifications() {
  const p = permission.value;
  return (
    <div class="card" aria-labelledby="sys-title" role="region">
      <h2 id="sys-title">{tn('systemTitle')}</h2>
      {p === 'granted' && <p data-testid="system-on">✓ {tn('systemOn')}</p>}
      {p === 'default' && (
        <>
          <p>{tn('systemOff')}</p>
          <button class="primary" onClick={askPermission} data-testid="enable-system">{tn('enable')}</button>
        </>
      )}
      {p === 'denied' && <p class="warn">{tn('systemDenied')}</p>}
      {p === 'unsupported' && <p class="muted">{tn('systemUnsupported')}</p>}
    </div>
  );
}

/** One notice, with what this phone knows of its record. */
export function NoticePage({ id }: { id: string }) {
  const none = undefined as LocalRecord | undefined;
  const n = useLive(() => db.record('notifications', id), [id], none);
  const rect = useLive(() => (n?.rectification ? db.record('rectifications', String(n.rectification)) : Promise.resolve(none)), [n?.rectification], none);
  const plan = useLive(() => (n?.plan ? db.record('inspection_plans', String(n.plan)) : Promise.resolve(none)), [n?.plan], none);
  const shop = useLive(() => (rect?.shop ? db.record('shops', String(rect.shop)) : Promise.resolve(none)), [rect?.shop], none);
  useEffect(() => {
    if (n && !n.read) void markRead([n.id]);
  }, [n?.id, n?.read]);
  if (!n) return <p class="empty">{tn('notFound')}</p>;
  return (
    <section aria-labelledby="notice-title" class="detail">
      <button onClick={() => history.back()}>‹ {label('notification_kind', n.kind)}</button>
      <h1 id="notice-title">{String(n.title ?? '')}</h1>
      <p class="muted"><time>{fmtTime(n.created)}</time></p>
      {n.body ? <p class="note">{String(n.body)}</p> : null}
      {rect && (
        <div class="card" role="region" aria-labelledby="notice-record">
          <h2 id="notice-record">{tn('record')}</h2>
          <dl class="fields">
            <dt>{tn('shop')}</dt><dd>{String(shop?.name ?? '—')}</dd>
            <dt>{tn('issue')}</dt><dd>{String(rect.issue ?? '')}</dd>
            <dt>{tn('deadline')}</dt><dd>{fmtTime(rect.deadline)}</dd>
            <dt>{tn('status')}</dt><dd>{label('rect_status', rect.status)}</dd>
          </dl>
        </div>
      )}
      {plan && (
        <div class="card" role="region" aria-labelledby="notice-record">
          <h2 id="notice-record">{tn('record')}</h2>
          <dl class="fields">
            <dt>{tn('floor')}</dt><dd>{String(plan.floor ?? '')} {String(plan.zone ?? '')}</dd>
            <dt>{tn('target')}</dt><dd>{String(plan.target_count ?? '')}（{label('period', plan.period)}）</dd>
          </dl>
        </div>
      )}
      {!rect && !plan && n.complaint && <button class="primary wide" onClick={() => go('/c/' + n.complaint)}>{tn('openComplaint')}</button>}
    </section>
  );
}

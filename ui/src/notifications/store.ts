// The inbox on the local store: the notifications the server writes for
// this person arrive by sync (the server sends only one's own); reading one
// is an outbox update of its read flag, so it is read on every device. New
// ones are also shown as system notifications through the service worker's
// registration, when the person allowed it.
import { effect, signal } from '@preact/signals';
import type { LocalRecord } from '../db';
import { liveQuery } from 'dexie';
import { user } from '../auth';
import { changed, db } from '../store';
import { enqueue } from '../sync/outbox';
import { label } from '../i18n';

export { hrefFor, linkOf } from './links';

/** Unread notices of the signed-in person (the tab badge). */
export const unread = signal(0);

export async function myNotices(): Promise<LocalRecord[]> {
  const me = user.value?.id;
  const all = await db.all('notifications');
  return all.filter((n) => n.user === me).sort((a, b) => String(b.created ?? '').localeCompare(String(a.created ?? '')));
}

export async function markRead(ids: string[]) {
  for (const id of ids) await enqueue(db, { collection: 'notifications', op: 'update', recordId: id, data: { read: true } });
  if (ids.length) await changed();
}

// --- system notifications ------------------------------------------------------

const SEEN_KEY = 'mallcare_notices_shown_after';

/** What the browser allows: 'granted' | 'denied' | 'default' | 'unsupported'. */
export const permission = signal<string>(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

export async function askPermission() {
  if (typeof Notification === 'undefined') return;
  permission.value = await Notification.requestPermission();
}

/** Shows one notice as a system notification (service worker registration). */
export async function showSystem(n: LocalRecord, href: string) {
  if (permission.value !== 'granted' || !('serviceWorker' in navigator)) return;
  const reg = await navigator.serviceWorker.ready;
  await reg.showNotification(String(n.title ?? label('notification_kind', n.kind)), {
    body: String(n.body ?? ''), tag: 'mallcare-' + n.id, data: { url: location.origin + '/#' + href },
    icon: '/icon-192.png', badge: '/icon-192.png',
  });
}

/**
 * Watches the unread notices while someone is signed in: keeps the badge
 * count and shows each notice that arrives after the watch began (not the
 * backlog of a first sync) once as a system notification.
 */
export function watch(hrefOf: (n: LocalRecord) => string) {
  return effect(() => {
    const me = user.value?.id;
    unread.value = 0;
    if (!me) return;
    const key = SEEN_KEY + ':' + me;
    let after = localStorage.getItem(key) ?? new Date().toISOString().replace('T', ' ');
    localStorage.setItem(key, after);
    const sub = liveQuery(async () => (await db.all('notifications')).filter((n) => n.user === me && !n.read)).subscribe({
      next: (list) => {
        unread.value = list.length;
        const fresh = list.filter((n) => String(n.created ?? '') > after);
        if (!fresh.length) return;
        after = fresh.map((n) => String(n.created)).sort().at(-1)!;
        localStorage.setItem(key, after);
        for (const n of fresh) void showSystem(n, hrefOf(n)).catch(() => { /* not allowed now */ });
      },
      error: (e) => console.error(e),
    });
    return () => sub.unsubscribe();
  });
}

// The app's single local database and sync engine, and what makes it sync:
// on open, on "online", on becoming visible, every few minutes, on a
// realtime signal from the server, and from the service worker's Background
// Sync. Web Locks let only one tab sync at a time.
import { signal } from '@preact/signals';
import { idOfKey, MallDB } from './db';
import { pb, token, tokenExpired, user } from './auth';
import { createEngine } from './sync/engine';
import { checkStorage } from './storage';

export const db = new MallDB();

// The service worker cannot read localStorage: it finds the token here for
// Background Sync.
void db.setMeta('authToken', pb.authStore.token);
pb.authStore.onChange((tok) => void db.setMeta('authToken', tok));
export const online = signal(navigator.onLine);

export const engine = createEngine({
  db,
  origin: location.origin,
  token,
  canSync: () => navigator.onLine && !!pb.authStore.token,
  tokenExpired,
  // another tab is syncing: try again shortly in case it finished before
  // seeing this tab's latest change
  lock: { name: 'mallcare-sync', busyRetryMs: 5000 },
});

const PERIOD_MS = 2 * 60_000;
let started = false;
let unsubscribe: (() => Promise<void>) | null = null;

export async function syncNow(force = false) {
  await engine.sync(force);
  void checkStorage(); // storage use moves with photos and pulls
}

/** A round without a change of its own: joins the one running (the sign-in's), else starts one. */
async function syncOrJoin(force = false) {
  await engine.syncOrJoin(force);
  void checkStorage();
}

export function startSync() {
  if (started) {
    // signed in again (after signing out): pick up live updates and sync
    void listen();
    void syncOrJoin(true);
    return;
  }
  started = true;
  void engine.refreshCounts();
  void syncOrJoin();
  window.addEventListener('online', () => {
    online.value = true;
    void syncNow(true);
    void listen();
  });
  window.addEventListener('offline', () => {
    online.value = false;
    engine.phase.value = 'offline';
    void stopListening();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void syncNow();
  });
  setInterval(() => void syncNow(), PERIOD_MS);
  navigator.serviceWorker?.addEventListener('message', (e) => {
    if (e.data?.type === 'sync') void syncNow(true);
  });
  void listen();
}

/**
 * A local change was stored: it goes out at once when online (a person
 * watching another phone waits for exactly this), the badge shows it, and
 * Background Sync is asked to send it should the app close first.
 */
export async function changed() {
  const sending = navigator.onLine ? syncNow() : null;
  await engine.refreshCounts();
  void requestBackgroundSync();
  void sending;
}

/** Asks the service worker to sync when the network is back, even with the app closed. */
export async function requestBackgroundSync() {
  try {
    const reg = (await navigator.serviceWorker?.ready) as ServiceWorkerRegistration & {
      sync?: { register(tag: string): Promise<void> };
    };
    await reg?.sync?.register('mallcare-outbox');
  } catch {
    /* not supported: the app syncs when opened */
  }
}

/**
 * Realtime as a signal: the server names the mall that changed and its feed
 * position; pull at once (the engine folds signals arriving mid-round into
 * one more round, and skips those it is already past).
 */
async function listen() {
  if (!navigator.onLine || !user.value || unsubscribe) return;
  const onEvent = (e: { seq?: number }) => {
    void engine.signalled(Number(e?.seq) || Infinity).then(() => checkStorage());
  };
  try {
    unsubscribe = await pb.realtime.subscribe('mallcare/sync', onEvent);
  } catch {
    unsubscribe = null;
  }
}

export async function stopListening() {
  const u = unsubscribe;
  unsubscribe = null;
  try {
    await u?.();
  } catch {
    /* already gone */
  }
}

/** After sign-out: forget what this account could see, keep unsent changes. */
export async function forgetAccountData() {
  await stopListening();
  await db.transaction('rw', db.records, db.outbox, db.meta, async () => {
    const keep = new Set((await db.outbox.toArray()).map((m) => m.recordId));
    const drop = (await db.records.toCollection().primaryKeys()).filter((k) => !keep.has(idOfKey(k)));
    await db.records.bulkDelete(drop);
    await db.meta.delete('cursor');
  });
}

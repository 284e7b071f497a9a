/// <reference lib="webworker" />
// The service worker: the app shell from the precache (opens with no
// network, also after a restart), and Background Sync of the outbox when the
// browser supports it and the app is closed.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { MallDB } from './db';
import { createEngine } from './sync/engine';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
// the first install controls the open page at once, so it works offline
// without a reload; later versions wait for the person (see update.ts)
clientsClaim();
cleanupOutdatedCaches();
// every page route opens the cached shell (the public survey and kiosk at
// /s/<token> their own page); the API is never cached
registerRoute(new NavigationRoute(createHandlerBoundToURL('survey.html'), { allowlist: [/^\/s\//] }));
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /^\/_\//] }));

self.addEventListener('message', (e) => {
  if (e.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

interface SyncEvent extends ExtendableEvent {
  tag: string;
}

self.addEventListener('sync', ((e: SyncEvent) => {
  if (e.tag === 'mallcare-outbox') e.waitUntil(backgroundSync());
}) as EventListener);

async function backgroundSync() {
  const clients = await self.clients.matchAll({ type: 'window' });
  if (clients.length) {
    // an open tab does the work (it holds the sync lock and shows progress)
    for (const c of clients) c.postMessage({ type: 'sync' });
    return;
  }
  const db = new MallDB();
  const token = await db.getMeta<string>('authToken', '');
  if (!token) return;
  const engine = createEngine({
    db,
    origin: self.location.origin,
    token: () => token,
    lock: { name: 'mallcare-sync' }, // an open tab that holds it does the work
  });
  await engine.sync();
  engine.stop();
  if (engine.pending.value > 0) throw new Error('outbox not empty: let the browser retry');
}

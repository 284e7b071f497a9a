// The kiosk installs the app's service worker, so that it opens with no
// network after a reload or a restart; a new version is taken between two
// customers, never in the middle of one.
import { registerSW } from 'virtual:pwa-register';

let waiting: ((reload?: boolean) => Promise<void>) | null = null;
let ready = false;

export function startKioskUpdates() {
  if (!('serviceWorker' in navigator)) return;
  waiting = registerSW({
    immediate: true,
    onNeedRefresh() {
      ready = true;
    },
    onRegisteredSW(_url, reg) {
      if (reg) setInterval(() => void reg.update(), 60 * 60_000);
    },
  });
}

/** Between two customers: take a new version if one is waiting. */
export function updateIfWaiting() {
  if (!ready || !waiting) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  void waiting(true);
}

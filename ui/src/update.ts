// Self-update: a new deploy installs a new service worker; the app reloads
// into it when the person agrees (or at once when nothing is being typed).
// The outbox lives in IndexedDB, which a new version never clears.
import { signal } from '@preact/signals';
import { registerSW } from 'virtual:pwa-register';

export const needRefresh = signal(false);
let update: ((reload?: boolean) => Promise<void>) | null = null;

export function startUpdates() {
  if (!('serviceWorker' in navigator)) return;
  update = registerSW({
    immediate: true,
    onNeedRefresh() {
      needRefresh.value = true;
      // nothing half-typed on screen: take the new version now
      const typing = /^#\/(new|surveys\/(new|callback)|inspections\/run)/.test(location.hash) || document.querySelector('[data-testid=action-form], [data-testid=step-form]');
      if (!typing) updateApp();
    },
    onRegisteredSW(_url, reg) {
      // look for a new version every hour while the app stays open
      if (reg) setInterval(() => void reg.update(), 60 * 60_000);
    },
  });
}

export function updateApp() {
  // reload once the new version controls the page (also when the browser,
  // not this page, found the update)
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  void update?.(true);
}

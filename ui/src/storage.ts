// Persistent storage: asked for once signed in; without it the browser may
// evict the outbox under storage pressure (iOS Safari evicts after 7 days).
import { signal } from '@preact/signals';

export const persisted = signal<boolean | null>(null);
export const usage = signal<{ used: number; quota: number } | null>(null);

export async function checkStorage(ask = false) {
  const s = navigator.storage;
  if (!s) return;
  try {
    let p = s.persisted ? await s.persisted() : false;
    if (!p && ask && s.persist) p = await s.persist();
    persisted.value = p;
    const est = s.estimate ? await s.estimate() : undefined;
    if (est) usage.value = { used: est.usage ?? 0, quota: est.quota ?? 0 };
  } catch {
    /* not available in this browser */
  }
}

/** Storage is nearly full: new photos may fail to save. */
export function nearlyFull(): boolean {
  const u = usage.value;
  return !!u && u.quota > 0 && u.used / u.quota > 0.8;
}

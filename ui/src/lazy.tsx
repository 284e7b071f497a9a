// Screens a role may never open are loaded when first opened, not before
// the first screen (their chunks are still precached for offline use).
import type { FunctionComponent } from 'preact';
import type { Mutation } from './db';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component that loads its module on first render and then renders the
 * named export. The placeholder is what shows while the chunk loads (from
 * the service worker's cache when offline).
 */
export function lazy<P extends object>(load: () => Promise<Record<string, unknown>>, name: string): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  let pending: Promise<void> | null = null;
  return function Lazy(props: P) {
    const [, rerender] = useState(0);
    useEffect(() => {
      if (loaded) return;
      pending ??= load().then((m) => {
        loaded = m[name] as FunctionComponent<P>;
      });
      void pending.then(() => rerender((n) => n + 1));
    }, []);
    const C = loaded;
    return C ? <C {...props} /> : <p class="empty" aria-busy="true">…</p>;
  };
}

type Words = (m: Mutation) => Promise<{ text: string; href?: string }>;

/** A feature's outbox words (nav.OutboxWords), its module loaded when the outbox first shows one of its changes. */
export function lazyWords(load: () => Promise<{ words: Record<string, Words> }>, collections: string[]): Record<string, Words> {
  return Object.fromEntries(collections.map((c) => [c, async (m: Mutation) => (await load()).words[c](m)]));
}

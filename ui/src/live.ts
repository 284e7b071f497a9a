// useLive: a Dexie live query as Preact state; it re-runs when the tables it
// read change, also from another tab. When the deps change (another record
// opened), it answers `initial` until the new query has answered: a screen
// never shows the previous record under the new one's address.
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

export function useLive<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  const [state, setState] = useState<{ deps: unknown[]; value: T }>({ deps, value: initial });
  useEffect(() => {
    const sub = liveQuery(query).subscribe({ next: (value) => setState({ deps, value }), error: (e) => console.error(e) });
    return () => sub.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  const same = state.deps.length === deps.length && state.deps.every((d, i) => Object.is(d, deps[i]));
  return same ? state.value : initial;
}

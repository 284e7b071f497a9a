// Hash routes: they work from the service worker's cached index.html with no
// server round trip.
import { signal } from '@preact/signals';

export const route = signal(location.hash.slice(1) || '/');
window.addEventListener('hashchange', () => {
  route.value = location.hash.slice(1) || '/';
  window.scrollTo(0, 0);
});

export function go(path: string) {
  location.hash = path;
}

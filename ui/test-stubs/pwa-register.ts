// vite-plugin-pwa's virtual module, for unit tests that reach the settings
// screen through the navigation (there is no service worker in Vitest).
export function registerSW() {
  return () => Promise.resolve();
}

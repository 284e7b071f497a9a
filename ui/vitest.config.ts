import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { 'virtual:pwa-register': new URL('./test-stubs/pwa-register.ts', import.meta.url).pathname },
  },
  test: {
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
    include: ['src/**/*.test.ts'],
  },
});

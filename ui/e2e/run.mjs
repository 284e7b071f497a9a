// End-to-end tests: the real Go server (built here) and the real Chromium.
// A tiny sequential runner that ends with "N passed, N failed".
import { cleanup } from './server.mjs';
import demoTests from './demo.e2e.mjs';
import pwaTests from './pwa.e2e.mjs';
import reportsTests from './reports.e2e.mjs';
import adminTests from './admin.e2e.mjs';
import surveysTests from './surveys.e2e.mjs';
import inspectionTests from './inspections.e2e.mjs';

const only = process.argv[2];
const tests = [...demoTests, ...pwaTests, ...reportsTests, ...adminTests, ...surveysTests, ...inspectionTests].filter(([name]) => !only || name.includes(only));
let passed = 0;
let failed = 0;
const started = Date.now();
for (const [name, fn] of tests) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (err) {
    failed++;
    console.log(`✗ ${name}\n   ${err?.stack ?? err}`);
  }
}
await cleanup();
console.log(`\ne2e: ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

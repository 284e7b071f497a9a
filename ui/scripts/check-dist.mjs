// Rebuilds the app into a temporary directory and fails if it differs from
// the committed ui/dist (which the Go binary embeds): run `npm run build` and
// commit ui/dist when this fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'mallcare-dist-'));
try {
  execFileSync('npx', ['tsc', '--noEmit', '-p', '.'], { cwd: root, stdio: 'inherit' });
  execFileSync('npx', ['vite', 'build', '--outDir', tmp, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  const list = (dir) => readdirSync(dir, { recursive: true })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => relative(dir, f))
    .sort();
  const want = list(tmp);
  const have = list(join(root, 'dist'));
  const problems = [];
  for (const f of want) {
    if (!have.includes(f)) problems.push('missing in ui/dist: ' + f);
    else if (!readFileSync(join(tmp, f)).equals(readFileSync(join(root, 'dist', f)))) problems.push('differs: ' + f);
  }
  for (const f of have) if (!want.includes(f)) problems.push('stale in ui/dist: ' + f);
  if (problems.length) {
    console.error('ui/dist is not the build of the sources:\n  ' + problems.join('\n  ') + '\nRun `npm run build` in ui/ and commit ui/dist.');
    process.exit(1);
  }
  console.log(`ui/dist matches a fresh build (${want.length} files)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

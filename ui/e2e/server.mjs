// Builds the real Go server once and runs it on a free loopback port with a
// temporary data directory; stops it at the end.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';

const repo = new URL('../..', import.meta.url).pathname;
export const work = mkdtempSync(join(tmpdir(), 'mallcare-e2e-'));
let binary = '';

export function buildServer() {
  if (binary) return binary;
  if (process.env.E2E_BINARY) return (binary = process.env.E2E_BINARY); // a prebuilt server
  binary = join(work, 'mallcare');
  execFileSync('go', ['build', '-o', binary, '.'], {
    cwd: repo, stdio: 'inherit', env: { ...process.env, GOTOOLCHAIN: 'auto' },
  });
  return binary;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

let dirs = 0;
const running = new Set();

/** Starts a server; `superuser` = [email, password] is created first. */
export async function startServer({ demo = false, superuser } = {}) {
  const bin = buildServer();
  const dir = join(work, 'data' + ++dirs);
  if (superuser) {
    execFileSync(bin, ['superuser', 'upsert', superuser[0], superuser[1], '--dir', dir], { stdio: 'pipe' });
  }
  const port = await freePort();
  const args = ['serve', '--http', `127.0.0.1:${port}`, '--dir', dir];
  if (demo) args.push('--demo');
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('server exited: ' + stderr + stdout);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('server did not start: ' + stderr);
    }
    try {
      const res = await fetch(url + '/api/health');
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dir,
    stdout: () => stdout,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Stops every server still running (a failed test may leave one) and removes the temp files. */
export async function cleanup() {
  for (const child of running) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
}

/** A PocketBase client signed in as the superuser [email, password] the server was started with. */
export async function rootClient(url, [email, password]) {
  const root = new PocketBase(url);
  root.autoCancellation(false);
  await root.collection('_superusers').authWithPassword(email, password);
  return root;
}

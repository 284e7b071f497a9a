// The sync engine: one round = push the outbox (push.ts), then pull the
// change feed (pull.ts); backoff after failures (backoff.ts), "sign in
// again" on an expired login, and the signals the screens watch. The app
// and the service worker both make theirs with createEngine().
import { signal } from '@preact/signals';
import type { MallDB } from '../db';
import { Backoff } from './backoff';
import type { Progress, SyncContext, SyncPhase } from './context';
import { HttpTransport } from './http';
import { Puller } from './pull';
import { pushAll } from './push';
import { unpackAll } from './unpack';
import { mark } from './context';
import { HttpError, type Transport } from './transport';

export type { Progress, SyncPhase } from './context';
export { describeError } from './push';

export interface EngineOptions {
  db: MallDB;
  transport: Transport;
  /** false while the browser is offline or no one is signed in */
  canSync?: () => boolean;
  /** true when the stored login is known to be expired */
  tokenExpired?: () => boolean;
  batchSize?: number;
  pageSize?: number;
  /** records per packed row of a first-sync page (pull.ts) */
  packSize?: number;
  /** false: leave packed pages packed until unpack() is called (tests) */
  autoUnpack?: boolean;
  baseDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
  random?: () => number;
  /** runs fn while holding the cross-tab sync lock, or skips when another tab has it */
  withLock?: (fn: () => Promise<void>) => Promise<void>;
}

export class SyncEngine {
  readonly phase = signal<SyncPhase>('idle');
  readonly pending = signal(0);
  readonly failed = signal(0);
  readonly lastSync = signal<number | null>(null);
  readonly lastError = signal<string | null>(null);
  readonly progress = signal<Progress | null>(null);
  readonly needsLogin = signal(false);
  /** packs of the first sync unpacked so far (null: nothing to unpack) */
  readonly unpacking = signal<{ done: number; total: number } | null>(null);

  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private o: Required<Omit<EngineOptions, 'withLock'>> & Pick<EngineOptions, 'withLock'>;
  private backoff: Backoff;
  private ctx: SyncContext;
  private puller: Puller;
  private unpackRun: Promise<void> | null = null;
  /** sign-ins seen (loggedIn), and the one the running round began under */
  private logins = 0;
  private roundLogin = -1;
  private loginToken: string | undefined;

  constructor(opts: EngineOptions) {
    this.o = {
      canSync: () => true,
      tokenExpired: () => false,
      batchSize: 100, // the server takes up to 200
      pageSize: 1000, // the server's maximum
      packSize: 1000, // a whole page of one collection per row
      autoUnpack: true,
      baseDelayMs: 2000,
      maxDelayMs: 5 * 60_000,
      now: () => Date.now(),
      random: Math.random,
      ...opts,
    };
    this.backoff = new Backoff(this.o);
    this.ctx = { db: this.o.db, transport: this.o.transport, phase: this.phase, progress: this.progress, pending: this.pending };
    this.puller = new Puller(this.ctx, this.o.pageSize, this.o.packSize);
  }

  async refreshCounts() {
    const db = this.o.db;
    this.pending.value = await db.outbox.where('state').equals('pending').count();
    this.failed.value = await db.outbox.where('state').anyOf('failed', 'conflict').count();
    this.lastSync.value = await db.getMeta<number | null>('lastSync', null);
  }

  /**
   * A realtime signal: the mall's feed reached `seq`. Pull at once, unless
   * this phone's cursor is already there and nothing waits to be sent (the
   * signal for its own push, or one a pull already answered).
   */
  async signalled(seq: number) {
    const at = /^c\.(\d+)$/.exec(await this.o.db.getMeta<string>('cursor', ''));
    if (at && Number(at[1]) >= seq && this.pending.value === 0) return;
    await this.sync();
  }

  /** Milliseconds until the next automatic try after failures (0 = now). */
  get backoffRemaining() {
    return this.backoff.remaining;
  }

  /**
   * One sync round (push then pull). Calls while a round runs are folded into
   * one more round. `force` ignores the backoff (a person pressed retry).
   */
  sync(force = false): Promise<void> {
    if (force) this.backoff.clearWait();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          this.roundLogin = this.logins;
          if (this.o.withLock) await this.o.withLock(() => this.round());
          else await this.round();
        } while (this.again);
      } finally {
        this.running = null;
        await this.refreshCounts();
      }
    })();
    return this.running;
  }

  /**
   * Joins the round running now, or starts one: for a caller that brings no
   * change of its own (the app shell opening, a sign-in whose round already
   * started), so no second round follows the first sync. A round that began
   * under an earlier login is not joined (its requests carry the old token).
   */
  syncOrJoin(force = false): Promise<void> {
    if (this.running && this.roundLogin === this.logins) {
      if (force) this.backoff.clearWait();
      return this.running;
    }
    return this.sync(force);
  }

  private async round() {
    mark('round-start');
    if (!this.o.canSync()) {
      this.phase.value = 'offline';
      return;
    }
    if (this.o.tokenExpired()) {
      this.askLogin();
      return;
    }
    const wait = this.backoff.remaining;
    if (wait > 0) {
      this.schedule(wait);
      return;
    }
    if (this.o.autoUnpack) void this.unpack(); // what an interrupted first sync left packed
    try {
      await pushAll(this.ctx, this.o.batchSize);
      await this.puller.pullAll();
      if (this.o.autoUnpack) void this.unpack();
      this.backoff.reset();
      this.lastError.value = null;
      this.needsLogin.value = false;
      this.phase.value = 'idle';
      const t = this.o.now();
      this.lastSync.value = t;
      await this.o.db.setMeta('lastSync', t);
    } catch (err) {
      this.progress.value = null;
      if (err instanceof HttpError && err.status === 401) {
        this.askLogin();
        return;
      }
      const ms = this.backoff.failed(err);
      this.lastError.value = err instanceof Error ? err.message : String(err);
      // fetch fails with a TypeError when the network is gone
      this.phase.value = err instanceof TypeError ? 'offline' : 'error';
      this.schedule(ms);
    }
  }

  /**
   * Unpacks the first sync's packed pages into one row per record, in the
   * background (reads see packed records meanwhile); resolves when none are
   * left. Calls while it runs share the run.
   */
  unpack(): Promise<void> {
    this.unpackRun ??= (async () => {
      try {
        await unpackAll(this.o.db, (done, total) => {
          this.unpacking.value = { done, total };
        });
        mark('unpack-end');
      } catch (err) {
        console.error('unpack', err); // tried again at the next round
      } finally {
        this.unpacking.value = null;
        this.unpackRun = null;
      }
    })();
    return this.unpackRun;
  }

  private askLogin() {
    this.needsLogin.value = true;
    this.phase.value = 'auth';
  }

  /**
   * The person signed in (again): send what waited under their account and
   * pull. Called as soon as the token is there; a second call for the same
   * sign-in joins the round the first one started.
   */
  loggedIn(token?: string) {
    if (token === undefined || token !== this.loginToken) {
      this.logins++;
      this.loginToken = token;
    }
    this.needsLogin.value = false;
    this.backoff.reset();
    return this.syncOrJoin(true);
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sync();
    }, ms);
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export interface EngineConfig extends Omit<EngineOptions, 'transport' | 'withLock'> {
  /** the network; by default the real one to `origin` with `token` */
  transport?: Transport;
  origin?: string;
  token?: () => string;
  /**
   * The cross-tab sync lock (Web Locks), so one tab or worker syncs at a
   * time. `busyRetryMs`: when another holder has it, try again after that
   * long (it may have finished before seeing this one's latest change);
   * absent = just skip. false = no lock (tests).
   */
  lock?: { name: string; busyRetryMs?: number } | false;
}

/** The one way to make an engine: the app (store.ts), the service worker (sw.ts) and the tests. */
export function createEngine(cfg: EngineConfig): SyncEngine {
  const { transport, origin, token, lock, ...opts } = cfg;
  const t = transport ?? new HttpTransport(origin ?? '', token ?? (() => ''));
  let engine: SyncEngine;
  const withLock = lock
    ? async (fn: () => Promise<void>) => {
        const locks = (globalThis.navigator as Navigator | undefined)?.locks;
        if (!locks) return fn();
        await locks.request(lock.name, { ifAvailable: true }, async (held) => {
          if (held) await fn();
          else if (lock.busyRetryMs !== undefined) setTimeout(() => void engine.sync(), lock.busyRetryMs);
        });
      }
    : undefined;
  engine = new SyncEngine({ ...opts, transport: t, withLock });
  return engine;
}

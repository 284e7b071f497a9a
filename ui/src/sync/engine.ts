// The sync engine: sends the outbox in order, pulls the change feed, and
// keeps the person informed. It never drops an unsent change: only the
// server's answer (applied / duplicate) or the person removes one.
import { signal } from '@preact/signals';
import { idOfKey, recordKey, type MallDB, type Mutation, type PhotoBlob } from '../db';
import { newId } from '../ids';
import { rebuild, storeServerRecords } from './outbox';
import { HttpError, ResyncError, type PushResult, type Transport } from './transport';

export type SyncPhase = 'idle' | 'pushing' | 'pulling' | 'offline' | 'auth' | 'error';

export interface EngineOptions {
  db: MallDB;
  transport: Transport;
  /** false while the browser is offline or no one is signed in */
  canSync?: () => boolean;
  /** true when the stored login is known to be expired */
  tokenExpired?: () => boolean;
  batchSize?: number;
  pageSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
  random?: () => number;
  /** runs fn while holding the cross-tab sync lock, or skips when another tab has it */
  withLock?: (fn: () => Promise<void>) => Promise<void>;
}

export interface Progress {
  label: 'pull' | 'photos';
  done: number;
  total: number; // 0 = unknown
}

export class SyncEngine {
  readonly phase = signal<SyncPhase>('idle');
  readonly pending = signal(0);
  readonly failed = signal(0);
  readonly lastSync = signal<number | null>(null);
  readonly lastError = signal<string | null>(null);
  readonly progress = signal<Progress | null>(null);
  readonly needsLogin = signal(false);

  private failures = 0;
  private retryAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private o: Required<Omit<EngineOptions, 'withLock'>> & Pick<EngineOptions, 'withLock'>;

  constructor(opts: EngineOptions) {
    this.o = {
      canSync: () => true,
      tokenExpired: () => false,
      batchSize: 100, // the server takes up to 200
      pageSize: 1000, // the server's maximum
      baseDelayMs: 2000,
      maxDelayMs: 5 * 60_000,
      now: () => Date.now(),
      random: Math.random,
      ...opts,
    };
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
    return Math.max(0, this.retryAt - this.o.now());
  }

  /**
   * One sync round (push then pull). Calls while a round runs are folded into
   * one more round. `force` ignores the backoff (a person pressed retry).
   */
  sync(force = false): Promise<void> {
    if (force) this.retryAt = 0;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
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

  private async round() {
    if (!this.o.canSync()) {
      this.phase.value = 'offline';
      return;
    }
    if (this.o.tokenExpired()) {
      this.askLogin();
      return;
    }
    if (this.o.now() < this.retryAt) {
      this.schedule(this.retryAt - this.o.now());
      return;
    }
    try {
      await this.pushAll();
      await this.pullAll();
      this.failures = 0;
      this.retryAt = 0;
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
      this.failures++;
      const delay = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (this.failures - 1));
      // jitter: many phones coming back at once do not hit the server together;
      // a busy server (429/503) says how long to wait, and that is the least
      const asked = err instanceof HttpError ? err.retryAfterMs : 0;
      const wait = Math.max(asked, Math.round(delay * (0.75 + this.o.random() * 0.5)));
      this.retryAt = this.o.now() + wait;
      this.lastError.value = err instanceof Error ? err.message : String(err);
      // fetch fails with a TypeError when the network is gone
      this.phase.value = err instanceof TypeError ? 'offline' : 'error';
      this.schedule(wait);
    }
  }

  private askLogin() {
    this.needsLogin.value = true;
    this.phase.value = 'auth';
  }

  /** The person signed in again: send what waited under their account. */
  loggedIn() {
    this.needsLogin.value = false;
    this.failures = 0;
    this.retryAt = 0;
    return this.sync(true);
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

  private async clientId() {
    const db = this.o.db;
    let id = await db.getMeta<string>('clientId', '');
    if (!id) {
      id = newId();
      await db.setMeta('clientId', id);
    }
    return id;
  }

  /** Sends pending changes oldest first, in batches, until none are left. */
  private async pushAll() {
    const db = this.o.db;
    const clientId = await this.clientId();
    const sentInRound = new Set<number>();
    let single = false; // after a whole-batch refusal: one at a time, to find the bad one
    for (;;) {
      let batch = (await db.outbox.where('state').equals('pending').sortBy('seq'))
        .filter((m) => !sentInRound.has(m.seq!))
        .slice(0, single ? 1 : this.o.batchSize);
      if (!batch.length) return;
      this.phase.value = 'pushing';
      batch = await this.uploadPhotos(batch);
      if (!batch.length) continue;
      for (const m of batch) {
        sentInRound.add(m.seq!);
        await db.outbox.update(m.seq!, { attempts: m.attempts + 1 });
      }
      // The same mutation ids go out again if this answer is lost: the server
      // answers "duplicate" for those it already applied.
      let results: PushResult[];
      try {
        results = await this.o.transport.push(clientId, batch);
      } catch (err) {
        if (!isRefusal(err)) throw err;
        if (batch.length > 1) {
          for (const m of batch) sentInRound.delete(m.seq!);
          single = true;
          continue;
        }
        await this.markFailed(batch[0], refusalText(err));
        continue;
      }
      const retryLater = await this.applyResults(batch, results);
      if (retryLater) throw new Error(retryLater);
      this.pending.value = await db.outbox.where('state').equals('pending').count();
    }
  }

  private async markFailed(m: Mutation, error: string) {
    const db = this.o.db;
    await db.transaction('rw', db.records, db.outbox, async () => {
      await db.outbox.update(m.seq!, { state: 'failed', error });
      await rebuild(db, m.collection, m.recordId);
    });
  }

  /**
   * Stages the batch's photos that are not on the server yet, with progress.
   * A photo the server refuses fails its change (with the reason); the rest
   * of the batch goes on. Returns the changes that can be sent.
   */
  private async uploadPhotos(batch: Mutation[]): Promise<Mutation[]> {
    const db = this.o.db;
    const ids = batch.flatMap((m) => m.photos ?? []);
    if (!ids.length) return batch;
    const photos = (await db.photos.bulkGet(ids)).filter((p): p is PhotoBlob => !!p && !p.uploaded);
    if (!photos.length) return batch;
    const total = photos.reduce((n, p) => n + p.size, 0);
    let done = 0;
    const refused = new Map<string, string>(); // photo id -> reason
    this.progress.value = { label: 'photos', done: 0, total };
    try {
      for (const p of photos) {
        try {
          await this.o.transport.uploadPhoto(p, (sent) => {
            this.progress.value = { label: 'photos', done: done + sent, total };
          });
          await db.photos.update(p.id, { uploaded: true });
        } catch (err) {
          if (!isRefusal(err)) throw err;
          refused.set(p.id, refusalText(err));
        }
        done += p.size;
        this.progress.value = { label: 'photos', done, total };
      }
    } finally {
      this.progress.value = null;
    }
    const ok: Mutation[] = [];
    for (const m of batch) {
      const bad = (m.photos ?? []).find((id) => refused.has(id));
      if (bad) await this.markFailed(m, '照片无法上传 (photo refused): ' + refused.get(bad));
      else ok.push(m);
    }
    return ok;
  }

  /** Stores the server's answers; returns a reason when some must be resent later. */
  private async applyResults(batch: Mutation[], results: PushResult[]): Promise<string | null> {
    const db = this.o.db;
    const byId = new Map(results.map((r) => [r.mutationId, r]));
    let retryLater: string | null = null;
    await db.transaction('rw', db.records, db.outbox, db.photos, async () => {
      const touched = new Map<string, { c: string; id: string; base?: Record<string, unknown> | null }>();
      for (const m of batch) {
        const r = byId.get(m.mutationId);
        if (!r) continue; // no answer for it: stays pending, resent next round
        if (r.retry) {
          // not recorded by the server: the same mutation goes again later
          retryLater = describeError(r);
          if (r.error?.code === 'photo_missing' && m.photos?.length) {
            for (const pid of m.photos) await db.photos.update(pid, { uploaded: false });
          }
          continue;
        }
        const key = m.collection + '/' + m.recordId;
        const t = touched.get(key) ?? { c: m.collection, id: m.recordId };
        if (r.record !== undefined) t.base = r.record;
        const outcome = r.status === 'duplicate' ? (r.outcome ?? 'applied') : r.status;
        if (outcome === 'applied') {
          await db.outbox.delete(m.seq!);
          if (m.photos?.length) await db.photos.bulkDelete(m.photos);
          if (m.op === 'delete') t.base = null;
        } else if (outcome === 'conflict') {
          await db.outbox.update(m.seq!, { state: 'conflict', error: describeError(r) });
        } else {
          await db.outbox.update(m.seq!, { state: 'failed', error: describeError(r) });
        }
        touched.set(key, t);
      }
      for (const t of touched.values()) await rebuild(db, t.c, t.id, t.base);
    });
    return retryLater;
  }

  /** Pulls the change feed page by page until the server has no more. */
  private async pullAll() {
    const db = this.o.db;
    let cursor = await db.getMeta<string>('cursor', '');
    if (cursor === '') await this.beginFirstSync();
    let inFirst = await db.getMeta<boolean>('firstSync', false);
    let done = 0;
    this.phase.value = 'pulling';
    mark('pull-start');
    // the next page is fetched while this one is written to IndexedDB
    const fetchPage = (c: string) => {
      const p = this.o.transport.pull(c, this.o.pageSize);
      p.catch(() => {}); // handled when awaited
      return p;
    };
    let next = fetchPage(cursor);
    for (;;) {
      let page;
      try {
        page = await next;
      } catch (err) {
        if (!(err instanceof ResyncError)) throw err;
        await db.setMeta('cursor', '');
        await db.setMeta('firstSync', false);
        await this.beginFirstSync();
        inFirst = true;
        next = fetchPage('');
        continue;
      }
      if (page.hasMore) next = fetchPage(page.cursor);
      cursor = page.cursor;
      await this.applyPage(page.changes, cursor);
      done += page.changes.length;
      if (inFirst || page.hasMore) {
        this.progress.value = page.hasMore ? { label: 'pull', done, total: page.total ?? 0 } : null;
      }
      if (!page.hasMore) break;
      // let the screen breathe between pages
      await new Promise((r) => setTimeout(r, 0));
    }
    mark('pull-fetched');
    if (inFirst) await this.endFirstSync();
    mark('pull-end');
    this.progress.value = null;
  }

  /** Keys received by the first sync running in this session (null: resumed, unknown). */
  private firstSeen: Set<string> | null = null;

  private async beginFirstSync() {
    const db = this.o.db;
    if (await db.getMeta<boolean>('firstSync', false)) return; // resumed after an interruption
    this.firstSeen = new Set();
    await db.setMeta('firstSync', true);
  }

  /** Drops local copies the server no longer sends, keeping unsent work. */
  private async endFirstSync() {
    const db = this.o.db;
    const seen = this.firstSeen;
    this.firstSeen = null;
    await db.transaction('rw', db.records, db.outbox, db.meta, async () => {
      // a first sync resumed after a restart does not know everything it
      // received; its leftovers go at the next reset
      if (seen) {
        const keep = new Set((await db.outbox.toArray()).map((m) => m.recordId));
        const stale = (await db.records.toCollection().primaryKeys())
          .filter((k) => !seen.has(k) && !keep.has(idOfKey(k)));
        await db.records.bulkDelete(stale);
      }
      await db.setMeta('firstSync', false);
    });
  }

  /** Writes one page and its cursor in one transaction. */
  private async applyPage(changes: { collection: string; op: string; id: string; record?: Record<string, unknown> }[], cursor: string) {
    const db = this.o.db;
    const seen = this.firstSeen;
    await db.transaction('rw', db.records, db.outbox, db.meta, async () => {
      const withPending = new Set((await db.outbox.toArray()).map((m) => m.recordId));
      const upserts = new Map<string, Record<string, unknown>[]>();
      for (const ch of changes) {
        if (ch.op === 'delete') {
          seen?.delete(recordKey(ch.collection, ch.id));
          if (withPending.has(ch.id)) await rebuild(db, ch.collection, ch.id, null);
          else await db.records.delete(recordKey(ch.collection, ch.id));
          continue;
        }
        if (!ch.record) continue;
        seen?.add(recordKey(ch.collection, ch.id));
        const list = upserts.get(ch.collection) ?? [];
        ch.record.id = ch.id;
        list.push(ch.record);
        upserts.set(ch.collection, list);
      }
      for (const [c, list] of upserts) await storeServerRecords(db, c, list, withPending);
      await db.setMeta('cursor', cursor);
    });
  }
}

/** Performance marks for the budget script (docs/benchmarks.md). */
function mark(name: string) {
  globalThis.performance?.mark?.('mallcare-' + name);
}

/** The server refused the whole request (bad input): resending it as is cannot help. */
function isRefusal(err: unknown): err is HttpError {
  return err instanceof HttpError && (err.status === 400 || err.status === 413 || err.status === 422);
}

function refusalText(err: HttpError): string {
  const data = (err.body as { data?: Record<string, { message?: string }> } | undefined)?.data ?? {};
  const fields = Object.entries(data).map(([k, v]) => `${k}: ${v?.message ?? ''}`);
  return [err.message, ...fields].join('；');
}

/** A server refusal in words for the person, field messages included. */
export function describeError(r: PushResult): string {
  const e = r.error;
  if (!e) return r.status;
  const fields = Object.values(e.data ?? {})
    .map((f) => f?.message)
    .filter(Boolean);
  const parts = [...fields];
  if (e.message && !parts.length) parts.push(e.message);
  return parts.join('；') || e.code || r.status;
}

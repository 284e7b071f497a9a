// The kiosk's own small database (not the signed-in outbox: a kiosk has no
// account): the survey it shows, kept for starts with no network, and the
// answers it took, queued until the server has them. Each answer carries an
// id made here, so an answer sent again after a lost reply is stored once.
import Dexie, { type Table } from 'dexie';
import { signal } from '@preact/signals';
import { newId } from '../ids';
import { closesLink, sendAnswer, type AnswerBody, type Refusal, type Sent, type SurveyDef } from '../publicsurvey/api';
import { markKioskDevice } from './device';

export interface KeptSurvey {
  token: string;
  def: SurveyDef;
  closed?: Refusal; // the server refused the link (revoked, expired …)
  savedAt: number;
}

/** Why a queued answer waits: no network (or a server error), the rate limit, or a closed link. */
export type Wait = '' | 'net' | 'rate' | 'closed';

export interface Queued {
  seq?: number; // the order taken
  id: string; // the response id, made on the tablet
  token: string;
  body: AnswerBody;
  takenAt: number;
  refused?: string; // the server will never take it: why
  tries: number;
  nextAt: number; // not before (ms)
  wait: Wait;
}

export class KioskDB extends Dexie {
  surveys!: Table<KeptSurvey, string>;
  queue!: Table<Queued, number>;
  constructor(name = 'mallcare-kiosk') {
    super(name);
    this.version(1).stores({ surveys: 'token', queue: '++seq, &id, token' });
  }
}

let shared: KioskDB | null = null;
/** The kiosk database of this browser, opened on first use. */
export const kioskDB = () => (shared ??= new KioskDB());

export async function remember(token: string, def: SurveyDef, db = kioskDB()) {
  markKioskDevice();
  await db.surveys.put({ token, def, savedAt: Date.now() });
}

export function recall(token: string, db = kioskDB()): Promise<KeptSurvey | undefined> {
  return db.surveys.get(token);
}

export async function markClosed(token: string, closed: Refusal, db = kioskDB()) {
  await db.surveys.update(token, { closed });
}

const BACKOFF_MIN_MS = 4_000;
const BACKOFF_MAX_MS = 5 * 60_000;
const CLOSED_RETRY_MS = 10 * 60_000; // a revoked point may be reactivated

export function backoff(tries: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, tries - 1));
}

export interface QueueOptions {
  db?: KioskDB;
  token: string;
  send?: (token: string, body: AnswerBody) => Promise<Sent>;
  now?: () => number;
  /** the server refused the link itself: the kiosk shows why */
  onClosed?: (r: Refusal) => void;
  /** at most one sender across the tabs of this browser */
  withLock?: (fn: () => Promise<void>) => Promise<void>;
}

const webLock = async (fn: () => Promise<void>) => {
  if (!globalThis.navigator?.locks) return fn();
  await navigator.locks.request('mallcare-kiosk-send', { ifAvailable: true }, async (lock) => {
    if (lock) await fn();
  });
};

/** The answers a kiosk took for one point, and their sending. */
export class KioskQueue {
  readonly waiting = signal(0);
  readonly refused = signal<Queued[]>([]);
  readonly lastSent = signal<number | null>(null);
  readonly wait = signal<Wait>('');
  private readonly db: KioskDB;
  private readonly send: NonNullable<QueueOptions['send']>;
  private readonly now: () => number;
  private current: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly online = () => void this.wake();

  constructor(private readonly opts: QueueOptions) {
    this.db = opts.db ?? kioskDB();
    this.send = opts.send ?? sendAnswer;
    this.now = opts.now ?? Date.now;
  }

  /** Keeps one answer (before anything is sent) and starts sending it. */
  async add(answers: Record<string, number>, comment = ''): Promise<string> {
    const id = newId();
    const body: AnswerBody = { id, answers, ...(comment ? { comment } : {}) };
    await this.db.queue.put({ id, token: this.opts.token, body, takenAt: this.now(), tries: 0, nextAt: 0, wait: '' });
    await this.count();
    void this.flush();
    return id;
  }

  /** The network is back: what waited for it goes now. */
  async wake() {
    await this.db.queue.where('token').equals(this.opts.token).modify((q) => {
      if (q.wait === 'net' || q.wait === 'closed') q.nextAt = 0;
    });
    await this.flush();
  }

  /** Sends what is due, oldest first, one at a time; stops at the first answer that must wait.
   * A call while sending runs once more after it, and resolves when all is done. */
  flush(): Promise<void> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      try {
        do {
          this.again = false;
          await (this.opts.withLock ?? webLock)(() => this.sendDue());
        } while (this.again);
      } finally {
        this.current = null;
        await this.count();
      }
    })();
    return this.current;
  }

  private async sendDue() {
    // in the order taken (the token index keeps the key order); a held answer holds those after it
    const queued = (await this.db.queue.where('token').equals(this.opts.token).toArray()).filter((q) => !q.refused);
    for (const q of queued) {
      if (q.nextAt > this.now()) {
        this.wait.value = q.wait;
        return;
      }
      const res = await this.send(q.token, q.body);
      if (res.kind === 'stored') {
        await this.db.queue.delete(q.seq!);
        this.lastSent.value = this.now();
        this.wait.value = '';
        continue;
      }
      if (res.kind === 'retry') {
        await this.hold(q, 'net', backoff(q.tries + 1));
        return;
      }
      const r = res.refusal;
      if (r.status === 429) {
        await this.hold(q, 'rate', (r.retryAfter ?? 30) * 1000);
        return;
      }
      if (closesLink(r)) {
        await markClosed(q.token, r, this.db);
        this.opts.onClosed?.(r);
        await this.hold(q, 'closed', CLOSED_RETRY_MS);
        return;
      }
      // this answer itself is refused (it never will be taken): keep it, say why, go on
      await this.db.queue.update(q.seq!, { refused: r.message });
    }
  }

  private async hold(q: Queued, wait: Wait, ms: number) {
    await this.db.queue.update(q.seq!, { tries: q.tries + 1, nextAt: this.now() + ms, wait });
    this.wait.value = wait;
  }

  /** Updates the counts the staff panel shows. */
  async count() {
    const all = await this.db.queue.where('token').equals(this.opts.token).toArray();
    this.waiting.value = all.filter((q) => !q.refused).length;
    this.refused.value = all.filter((q) => q.refused);
  }

  /** Sends on start, when the network returns and every half minute. */
  start(everyMs = 30_000) {
    void this.count().then(() => this.flush());
    globalThis.addEventListener?.('online', this.online);
    this.timer = setInterval(() => void this.flush(), everyMs);
  }

  stop() {
    globalThis.removeEventListener?.('online', this.online);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

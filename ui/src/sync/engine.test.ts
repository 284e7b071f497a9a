import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MallDB } from '../db';
import { newId } from '../ids';
import { createEngine, type EngineConfig } from './engine';
import { enqueue, retry } from './outbox';
import { FakeServer } from './fakeServer';

let db: MallDB;
let server: FakeServer;
let clock: number;
let online: boolean;

function engine(extra: Partial<EngineConfig> = {}) {
  return createEngine({
    db, transport: server, now: () => clock, random: () => 0.5, canSync: () => online, batchSize: 3, pageSize: 50, ...extra,
  });
}

const complaint = (over: Record<string, unknown> = {}) => ({
  mall: 'mallAA', channel: 'desk', target: 'shop', customer_name: '王女士', description: '退货被拒', severity: 'general', ...over,
});

beforeEach(async () => {
  db = new MallDB('t-' + newId());
  server = new FakeServer();
  clock = 1_000_000;
  online = true;
});

describe('outbox', () => {
  it('shows a local change at once and keeps it while offline', async () => {
    online = false;
    const e = engine();
    const id = newId();
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: complaint() });
    await e.sync();
    expect(e.phase.value).toBe('offline');
    const rec = await db.record('complaints', id);
    expect(rec?.customer_name).toBe('王女士');
    expect(rec?._pending).toBe(1);
    expect(e.pending.value).toBe(1);
    expect(server.pushCalls).toBe(0);
  });

  it('never sends server-owned fields', async () => {
    const id = newId();
    const m = await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: complaint({ number: 'X', plan_due: 'y', created_by: 'z', _c: 'q' }) });
    expect(Object.keys(m.data).sort()).toEqual(['channel', 'customer_name', 'description', 'mall', 'severity', 'target']);
  });
});

describe('sync engine', () => {
  it('pulls at once on a realtime signal, and not for one it is already past', async () => {
    const e = engine();
    await e.sync();
    const seen = server.feed.length;
    server.pullCalls = 0;
    await e.signalled(seen); // its own write, or one the last pull brought
    expect(server.pullCalls).toBe(0);
    server.external('complaints', { id: 'c0000000000001', status: 'registered', ...complaint() });
    await e.signalled(server.feed.length);
    expect(server.pullCalls).toBe(1);
    expect((await db.record('complaints', 'c0000000000001'))?.customer_name).toBe('王女士');
    await e.signalled(Infinity); // a signal without a position always pulls
    expect(server.pullCalls).toBe(2);
  });

  it('sends changes in the order they were made, across batches', async () => {
    const e = engine();
    const id = newId();
    const ids: string[] = [];
    ids.push((await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: complaint() })).mutationId);
    for (const [i, s] of ['verifying', 'proposed', 'resolved'].entries()) {
      const data: Record<string, unknown> = { status: s, callback_note: 'n' + i };
      if (s === 'proposed') data.plan = '换货';
      ids.push((await enqueue(db, { collection: 'complaints', op: 'update', recordId: id, data })).mutationId);
    }
    ids.push((await enqueue(db, { collection: 'complaints', op: 'update', recordId: id, data: { status: 'visited' } })).mutationId);
    await e.sync();
    expect(server.applyOrder).toEqual(ids);
    expect(server.pushCalls).toBe(2); // batchSize 3
    expect(await db.outbox.count()).toBe(0);
    const rec = await db.record('complaints', id);
    expect(rec?.status).toBe('visited');
    expect(rec?.number).toBe('AA-2026-000001');
    expect(rec?._pending).toBe(0);
  });

  it('a busy server (429/503) is left alone for its Retry-After at least, and nothing is lost', async () => {
    const e = engine();
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: newId(), data: complaint() });
    server.busy = [503, 30_000];
    await e.sync();
    expect(e.backoffRemaining).toBe(30_000); // longer than the 2 s of the first backoff
    expect(e.phase.value).toBe('error');
    clock += 29_000;
    await e.sync(); // still asked to wait: no try
    expect(server.pushCalls).toBe(1);
    clock += 1000;
    server.busy = [429, 500]; // shorter than the backoff: the backoff wins
    await e.sync();
    expect(e.backoffRemaining).toBe(4000);
    clock += 4000;
    await e.sync();
    expect(await db.outbox.count()).toBe(0);
    expect(server.pushCalls).toBe(3);
    e.stop();
  });

  it('backs off exponentially on network failure and keeps everything', async () => {
    const e = engine();
    server.down = true;
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: newId(), data: complaint() });
    await e.sync();
    const first = e.backoffRemaining;
    expect(first).toBe(2000); // base delay, jitter centred by random()=0.5
    clock += first;
    await e.sync();
    expect(e.backoffRemaining).toBe(4000);
    await e.sync(); // within the backoff: no try
    expect(e.backoffRemaining).toBe(4000);
    clock += 4000;
    await e.sync();
    expect(e.backoffRemaining).toBe(8000);
    expect(await db.outbox.count()).toBe(1);
    server.down = false;
    clock += 8000;
    await e.sync();
    expect(await db.outbox.count()).toBe(0);
    expect(e.backoffRemaining).toBe(0);
    e.stop();
  });

  it('resends after a lost answer without applying twice', async () => {
    const e = engine();
    const id = newId();
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: complaint() });
    await enqueue(db, { collection: 'complaints', op: 'update', recordId: id, data: { status: 'verifying' } });
    server.loseNextAnswer = true;
    await e.sync();
    expect(await db.outbox.count()).toBe(2); // the phone does not know it worked
    expect(server.records.size).toBe(1);
    clock += 10_000;
    await e.sync();
    expect(await db.outbox.count()).toBe(0);
    expect(server.applyOrder.length).toBe(2); // nothing applied twice
    expect(server.number).toBe(1);
    expect((await db.record('complaints', id))?.status).toBe('verifying');
    e.stop();
  });

  it('shows a workflow conflict and the server state wins', async () => {
    const e = engine();
    const id = newId();
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: complaint() });
    await e.sync();
    // another phone withdrew it meanwhile
    server.external('complaints', { id, status: 'withdrawn' });
    await enqueue(db, { collection: 'complaints', op: 'update', recordId: id, data: { status: 'verifying' } });
    expect((await db.record('complaints', id))?.status).toBe('verifying'); // optimistic
    await e.sync();
    const rec = await db.record('complaints', id);
    expect(rec?.status).toBe('withdrawn');
    expect(rec?._conflict).toContain('withdrawn');
    const [m] = await db.outbox.toArray();
    expect(m.state).toBe('conflict');
    expect(e.failed.value).toBe(1);
    expect(e.pending.value).toBe(0);
  });

  it('merges different fields edited on two phones', async () => {
    const e = engine();
    const id = newId();
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: complaint() });
    await e.sync();
    server.external('complaints', { id, location: '3F 东侧' });
    await enqueue(db, { collection: 'complaints', op: 'update', recordId: id, data: { demand: '退款' } });
    await e.sync();
    const rec = await db.record('complaints', id);
    expect(rec?.location).toBe('3F 东侧');
    expect(rec?.demand).toBe('退款');
  });

  it('a rejected change stays visible with its reason and does not stop the rest', async () => {
    const e = engine();
    const bad = newId();
    const good = newId();
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: bad, data: complaint({ customer_name: '' }) });
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: good, data: complaint() });
    await e.sync();
    const rec = await db.record('complaints', bad);
    expect(rec?._failed).toBe('请填写顾客姓名');
    expect((await db.record('complaints', good))?.number).toBeTruthy();
    const [m] = await db.outbox.toArray();
    expect(m.state).toBe('failed');
    // fixed on the phone and retried
    await db.outbox.update(m.seq!, { data: { ...m.data, customer_name: '李先生' } });
    await retry(db, m.seq!);
    await e.sync(true);
    expect(await db.outbox.count()).toBe(0);
  });

  it('an expired login keeps the outbox and sends it after signing in again', async () => {
    const e = engine();
    server.tokenValid = false;
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: newId(), data: complaint() });
    await e.sync();
    expect(e.needsLogin.value).toBe(true);
    expect(e.phase.value).toBe('auth');
    expect(await db.outbox.count()).toBe(1);
    server.tokenValid = true;
    await e.loggedIn();
    expect(e.needsLogin.value).toBe(false);
    expect(await db.outbox.count()).toBe(0);
  });

  it('does not even try with a token known to be expired', async () => {
    let expired = true;
    const e = engine({ tokenExpired: () => expired });
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: newId(), data: complaint() });
    await e.sync();
    expect(server.pushCalls).toBe(0);
    expect(e.needsLogin.value).toBe(true);
    expired = false;
    await e.loggedIn();
    expect(server.pushCalls).toBe(1);
  });

  it('pulls a large first sync in pages with progress and keeps local edits on top', async () => {
    for (let i = 0; i < 120; i++) server.external('shops', { id: 'shop' + String(i).padStart(11, '0'), name: 'Shop ' + i });
    const e = engine();
    const seen: number[] = [];
    e.progress.subscribe((p) => p && seen.push(p.done));
    await e.sync();
    expect((await db.all('shops')).length).toBe(120); // packed or not
    expect(seen).toEqual([50, 100]);
    expect(e.progress.value).toBeNull();
    await e.unpack();
    expect(await db.inCollection('shops').count()).toBe(120);
    expect(await db.packKeys()).toEqual([]);

    const id = newId();
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: complaint() });
    online = false;
    await enqueue(db, { collection: 'complaints', op: 'update', recordId: id, data: { demand: '本地' } });
    online = true;
    server.down = true;
    await e.sync(); // push fails, nothing lost
    server.down = false;
    clock += 60_000;
    await e.sync();
    expect((await db.record('complaints', id))?.demand).toBe('本地');
    e.stop();
  });

  it('uploads photos once, before the change that names them', async () => {
    const e = engine();
    const id = newId();
    await db.photos.put({ id: 'p1', recordId: id, collection: 'complaints', field: 'photos', name: 'p1.jpg', blob: new Blob(['x'.repeat(10)]), size: 10, uploaded: false });
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: complaint(), photos: ['p1'] });
    server.loseNextAnswer = true;
    await e.sync();
    expect(server.photos.get('p1')).toBe(10);
    expect((await db.photos.get('p1'))?.uploaded).toBe(true);
    clock += 10_000;
    await e.sync();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.photos.count()).toBe(0); // sent: the server keeps it now
    e.stop();
  });
});

describe('server answers', () => {
  it('resends a mutation the server asked to retry (not recorded), after backoff', async () => {
    const e = engine();
    server.failNextWith = { code: 'server_error', status: 500, message: '服务器错误' };
    const id = newId();
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: complaint() });
    await e.sync();
    const [m] = await db.outbox.toArray();
    expect(m.state).toBe('pending');
    expect(e.backoffRemaining).toBeGreaterThan(0);
    clock += e.backoffRemaining;
    await e.sync();
    expect(await db.outbox.count()).toBe(0);
    e.stop();
  });

  it('re-uploads a photo the server says is missing', async () => {
    const e = engine();
    const id = newId();
    await db.photos.put({ id: 'p2', recordId: id, collection: 'complaints', field: 'photos', name: 'p2.jpg', blob: new Blob(['y']), size: 1, uploaded: true });
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: complaint(), photos: ['p2'] });
    await e.sync();
    expect((await db.photos.get('p2'))?.uploaded).toBe(false);
    clock += e.backoffRemaining;
    await e.sync();
    expect(server.photos.has('p2')).toBe(true);
    expect(await db.outbox.count()).toBe(0);
    e.stop();
  });

  it('a reset starts a first sync again, drops what the server no longer sends, keeps unsent work', async () => {
    const e = engine();
    server.external('shops', { id: 'shopkeep0000001', name: 'A' });
    server.external('shops', { id: 'shopgone0000001', name: 'B' });
    await e.sync();
    expect(await db.records.count()).toBe(2);
    server.records.delete('shops/shopgone0000001'); // moved out of sight, feed pruned
    online = false;
    const local = newId();
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: local, data: complaint() });
    online = true;
    server.down = true;
    await e.sync();
    server.down = false;
    server.resetNext = true;
    clock += 60_000;
    await e.sync();
    await e.unpack();
    const keys = (await db.records.toCollection().primaryKeys()).map((k) => k.split('/')[1]).sort();
    expect(keys).toEqual([local, 'shopkeep0000001'].sort());
    e.stop();
  });
});

describe('refusals of a whole request', () => {
  it('finds the one bad change in a refused batch; the others go through', async () => {
    const e = engine({ batchSize: 10 });
    server.refuseField = 'bogus';
    const ids = [newId(), newId(), newId()];
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: ids[0], data: complaint() });
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: ids[1], data: complaint({ bogus: 1 }) });
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: ids[2], data: complaint() });
    await e.sync();
    expect(e.phase.value).toBe('idle'); // no endless backoff
    const left = await db.outbox.toArray();
    expect(left.length).toBe(1);
    expect(left[0].recordId).toBe(ids[1]);
    expect(left[0].state).toBe('failed');
    expect(left[0].error).toContain('unknown field');
    expect((await db.record('complaints', ids[1]))?._failed).toContain('unknown field');
    expect(server.records.size).toBe(2);
  });

  it('a photo the server refuses fails only its own change', async () => {
    const e = engine();
    const a = newId();
    const b = newId();
    await db.photos.bulkPut([
      { id: 'bad', recordId: a, collection: 'complaints', field: 'photos', name: 'bad.jpg', blob: new Blob(['?']), size: 1, uploaded: false },
      { id: 'good', recordId: b, collection: 'complaints', field: 'photos', name: 'good.jpg', blob: new Blob(['ok']), size: 2, uploaded: false },
    ]);
    server.refusePhotos.add('bad');
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: a, data: complaint(), photos: ['bad'] });
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: b, data: complaint(), photos: ['good'] });
    await e.sync();
    const [m] = await db.outbox.toArray();
    expect(m.recordId).toBe(a);
    expect(m.state).toBe('failed');
    expect(m.error).toContain('not an image');
    expect(server.records.has('complaints/' + b)).toBe(true);
    expect(await db.photos.get('bad')).toBeTruthy(); // kept with its change
  });
});

describe('the engine factory', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('syncs under the cross-tab lock, and tries again later when another holder has it', async () => {
    let free = false;
    const names: string[] = [];
    vi.stubGlobal('navigator', {
      locks: {
        request: async (name: string, _o: unknown, fn: (lock: unknown) => Promise<void>) => {
          names.push(name);
          return fn(free ? { name } : null);
        },
      },
    });
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const e = engine({ lock: { name: 'mallcare-sync', busyRetryMs: 5000 } });
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: newId(), data: complaint() });
    await e.sync();
    expect(names).toEqual(['mallcare-sync']);
    expect(server.pushCalls).toBe(0); // another tab holds it
    free = true;
    await vi.advanceTimersByTimeAsync(5000);
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0));
    expect(names.length).toBe(2);
  });
});

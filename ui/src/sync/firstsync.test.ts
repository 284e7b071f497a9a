// First sync speed-ups (issue 13) kept honest: the next page is asked for as
// soon as its cursor is known, a sign-in's round is joined rather than
// repeated, and the background unpack wakes the screens once, at its end.
import { liveQuery } from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MallDB, PACK } from '../db';
import { newId } from '../ids';
import { createEngine, type EngineConfig } from './engine';
import { FakeServer } from './fakeServer';
import { enqueue } from './outbox';
import type { CursorHint, PullPage } from './transport';
import { unpackAll } from './unpack';

let db: MallDB;
let server: FakeServer;

const shopId = (i: number) => 'shop' + String(i).padStart(11, '0');
const engine = (extra: Partial<EngineConfig> = {}) =>
  createEngine({ db, transport: server, random: () => 0.5, batchSize: 3, pageSize: 50, packSize: 20, autoUnpack: false, ...extra });
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => {
  db = new MallDB('f-' + newId());
  server = new FakeServer();
});

/** The fake server behind a network that tells the cursor (right or `wrong`) before the page is "parsed" a few ms later. */
function hinting(log: string[], wrong = false) {
  const pull = server.pull.bind(server);
  server.pull = async (cursor: string, limit: number, onCursor?: (h: CursorHint) => void): Promise<PullPage> => {
    log.push('ask ' + cursor);
    const page = await pull(cursor, limit);
    onCursor?.({ cursor: wrong ? 'f.0' : page.cursor, hasMore: page.hasMore });
    await tick(5); // parsing a large page
    log.push('parsed ' + cursor);
    return page;
  };
}

describe('the next page is asked for as soon as its cursor is known', () => {
  it('before this page is parsed and stored; every record once', async () => {
    for (let i = 0; i < 120; i++) server.external('shops', { id: shopId(i), name: '商铺 ' + i });
    const log: string[] = [];
    hinting(log);
    await engine().sync();
    // page 2 is asked for before page 1 is parsed, page 3 before page 2
    expect(log.indexOf('ask f.50')).toBeGreaterThan(0);
    expect(log.indexOf('ask f.50')).toBeLessThan(log.indexOf('parsed '));
    expect(log.indexOf('ask f.100')).toBeLessThan(log.indexOf('parsed f.50'));
    expect(log.filter((l) => l.startsWith('ask f.')).sort()).toEqual(['ask f.100', 'ask f.50']); // each page once
    const shops = await db.all('shops');
    expect(shops.length).toBe(120);
    expect(new Set(shops.map((s) => s.id)).size).toBe(120);
    expect(await db.getMeta('cursor', '')).toBe('c.120');
  });

  it('a hint that is not the page\'s own cursor is not used: the page\'s cursor is asked for', async () => {
    for (let i = 0; i < 120; i++) server.external('shops', { id: shopId(i), name: '商铺 ' + i });
    const log: string[] = [];
    hinting(log, true);
    await engine().sync();
    expect(log).toContain('ask f.50');
    expect(log).toContain('ask f.100');
    const shops = await db.all('shops');
    expect(shops.map((s) => s.id).sort()).toEqual(Array.from({ length: 120 }, (_, i) => shopId(i)));
    expect(await db.getMeta('cursor', '')).toBe('c.120');
  });
});

describe('a sign-in starts one round; the app opening joins it', () => {
  it('the second caller joins the round in flight instead of asking for another', async () => {
    for (let i = 0; i < 60; i++) server.external('shops', { id: shopId(i), name: '商铺 ' + i });
    const e = engine();
    const first = e.loggedIn('tok1'); // the token arrived
    const again = e.loggedIn('tok1'); // the sign-in form, after its await
    const shell = e.syncOrJoin(); // the app shell's start
    expect(again).toBe(first);
    expect(shell).toBe(first);
    await Promise.all([first, again, shell]);
    expect(server.pullCalls).toBe(2); // two pages of one first sync, no closing round
    expect(e.phase.value).toBe('idle');
  });

  it('a change made meanwhile still gets a round of its own (sync, not join)', async () => {
    const e = engine();
    const running = e.loggedIn('tok1');
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: newId(), data: { mall: 'mallAA', channel: 'desk', target: 'shop', customer_name: '王', description: 'd', severity: 'general' } });
    void e.sync(); // what changed() does
    await running;
    expect(server.pushCalls).toBe(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a round begun under an earlier login is not joined by a new sign-in', async () => {
    const e = engine();
    const old = e.loggedIn('tok1');
    const next = e.loggedIn('tok2');
    await Promise.all([old, next]);
    await e.syncOrJoin(); // nothing running: a round
    expect(server.pullCalls).toBe(3); // first sync, the new login's round, the last one
  });
});

describe('the background unpack wakes the screens once, at its end', () => {
  it('a list stays as it was while unpacking, is not re-read per pack, and is told once at the end', async () => {
    for (let i = 0; i < 100; i++) server.external('shops', { id: shopId(i), name: '商铺 ' + i });
    await engine().sync();
    expect((await db.packKeys()).length).toBe(6); // 2 pages of 50 in packs of 20
    const runs: number[] = [];
    const rows: number[] = [];
    // what a screen reads (packs and rows), and a query of the rows alone
    const a = liveQuery(() => db.all('shops')).subscribe((v) => runs.push(v.length));
    const b = liveQuery(() => db.inCollection('shops').count()).subscribe((n) => rows.push(n));
    await vi.waitFor(() => expect(runs.length && rows.length).toBe(1));
    expect(runs).toEqual([100]);
    expect(rows).toEqual([0]);
    let during = -1;
    await unpackAll(db, (done) => {
      if (done === 5) during = runs.length + rows.length;
    });
    expect(during).toBe(2); // not woken by the first five packs
    // told at the end: without it the query of the rows would still say 0
    await vi.waitFor(() => expect(rows.at(-1)).toBe(100));
    await tick(20);
    expect(runs.at(-1)).toBe(100);
    expect(runs.length).toBeLessThanOrEqual(2);
    expect(rows.length).toBe(2);
    a.unsubscribe();
    b.unsubscribe();
    expect((await db.records.toCollection().primaryKeys()).filter((k) => k.startsWith(PACK))).toEqual([]);
  });

  it('a write that changes what a screen shows still wakes it during the unpack', async () => {
    for (let i = 0; i < 100; i++) server.external('shops', { id: shopId(i), name: '商铺 ' + i });
    await engine().sync();
    const names: string[] = [];
    const sub = liveQuery(() => db.record('shops', shopId(99))).subscribe((r) => names.push(String(r?.name)));
    await vi.waitFor(() => expect(names.length).toBe(1));
    const unpacking = unpackAll(db);
    server.external('shops', { id: shopId(99), name: '改名' });
    await engine().sync(); // a later pull, while the unpack runs
    await unpacking;
    await vi.waitFor(() => expect(names.at(-1)).toBe('改名'));
    expect(names[0]).toBe('商铺 99');
    expect((await db.record('shops', shopId(99)))?.name).toBe('改名');
    sub.unsubscribe();
  });
});

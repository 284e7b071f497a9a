// The chunked first sync (db.ts PACK, pull.ts, unpack.ts): pages stored
// packed, unpacked in the background; reads right at every step, and a newer
// change is never overwritten by an older packed one.
import { beforeEach, describe, expect, it } from 'vitest';
import { MallDB, PACK } from '../db';
import { newId } from '../ids';
import { createEngine, type EngineConfig } from './engine';
import { FakeServer } from './fakeServer';
import { enqueue } from './outbox';
import type { PullPage, Transport } from './transport';
import { unpackOne } from './unpack';

let db: MallDB;
let server: FakeServer;

const engine = (extra: Partial<EngineConfig> = {}) =>
  createEngine({ db, transport: server, random: () => 0.5, batchSize: 3, pageSize: 50, packSize: 20, autoUnpack: false, ...extra });

const shopId = (i: number) => 'shop' + String(i).padStart(11, '0');
const rawRows = async () => (await db.records.toCollection().primaryKeys()).filter((k) => !k.startsWith(PACK)).length;

/** Unpacks one pack at a time, checking the reads after each step; returns the steps. */
async function unpackStepwise(check: () => Promise<void>) {
  let steps = 0;
  for (;;) {
    await check();
    const left = await unpackOne(db);
    if (left === null) break;
    steps++;
  }
  return steps;
}

beforeEach(() => {
  db = new MallDB('u-' + newId());
  server = new FakeServer();
});

describe('reads while the first sync is unpacked', () => {
  it('every record, child and single record reads the same packed, half unpacked and unpacked', async () => {
    for (let i = 0; i < 110; i++) server.external('shops', { id: shopId(i), name: '商铺 ' + i });
    server.external('complaints', { id: 'comp00000000001', customer_name: '王女士', status: 'registered' });
    for (let i = 0; i < 3; i++) server.external('complaint_events', { id: 'evnt0000000000' + i, complaint: 'comp00000000001', kind: 'note', note: 'n' + i });
    const e = engine();
    await e.sync();
    expect((await db.packKeys()).length).toBe(9); // pages of 50, 50 and 14 (10 shops, a complaint, 3 events), in packs of 20 of one collection
    expect(await rawRows()).toBe(0); // nothing unpacked yet: one put per pack
    let before = -1;
    const steps = await unpackStepwise(async () => {
      const shops = await db.all('shops');
      expect(shops.length).toBe(110);
      expect(new Set(shops.map((s) => s.id)).size).toBe(110);
      expect((await db.record('shops', shopId(77)))?.name).toBe('商铺 77');
      expect((await db.record('complaints', 'comp00000000001'))?.customer_name).toBe('王女士');
      expect((await db.children('comp00000000001', 'complaint_events')).map((r) => r.note).sort()).toEqual(['n0', 'n1', 'n2']);
      const rows = await rawRows();
      expect(rows).toBeGreaterThan(before); // each step moves records out of the packs
      before = rows;
    });
    expect(steps).toBe(9);
    expect(await rawRows()).toBe(114);
    expect(await db.packKeys()).toEqual([]);
    expect((await db.record('complaint_events', 'evnt00000000001'))?._p).toBe('comp00000000001');
  });

  it('a local change on a packed record builds on the packed version and survives the unpacking', async () => {
    for (let i = 0; i < 60; i++) server.external('shops', { id: shopId(i), name: '商铺 ' + i, floor: '2F' });
    const e = engine();
    await e.sync();
    server.down = true; // the change stays unsent
    await enqueue(db, { collection: 'shops', op: 'update', recordId: shopId(5), data: { name: '改名' } });
    await enqueue(db, { collection: 'shops', op: 'delete', recordId: shopId(6) });
    const check = async () => {
      const r = await db.record('shops', shopId(5));
      expect([r?.name, r?.floor, r?._pending]).toEqual(['改名', '2F', 1]);
      expect(await db.record('shops', shopId(6))).toBeUndefined();
      expect((await db.all('shops')).length).toBe(59);
    };
    await unpackStepwise(check);
    await check();
    expect(await db.records.filter((r) => !!r._gone).count()).toBe(0); // the tombstone went with its pack
  });
});

describe('ordering: a newer change is never overwritten by an older packed one', () => {
  it('a later pull and a later delete win over the packs, before and after unpacking', async () => {
    for (let i = 0; i < 60; i++) server.external('shops', { id: shopId(i), name: '商铺 ' + i });
    const e = engine();
    await e.sync();
    expect((await db.packKeys()).length).toBeGreaterThan(0);
    server.external('shops', { id: shopId(3), name: '新名字' });
    server.feed.push({ collection: 'shops', op: 'delete', id: shopId(4) });
    server.records.delete('shops/' + shopId(4));
    await e.signalled(server.feed.length); // an incremental pull while still packed
    const check = async () => {
      expect((await db.record('shops', shopId(3)))?.name).toBe('新名字');
      expect(await db.record('shops', shopId(4))).toBeUndefined();
      expect((await db.all('shops')).length).toBe(59);
    };
    await unpackStepwise(check);
    await check();
    expect(await db.records.filter((r) => !!r._gone).count()).toBe(0);
  });

  it('within a first sync the later page wins, whichever pack is unpacked first', async () => {
    // a record changed while the first sync ran comes in page 1 and again in page 3
    const pages: PullPage[] = [
      { changes: [{ collection: 'shops', op: 'upsert', id: shopId(1), record: { name: 'v1' } }, { collection: 'shops', op: 'upsert', id: shopId(2), record: { name: 'a' } }], cursor: 'f.1', hasMore: true },
      { changes: [{ collection: 'shops', op: 'upsert', id: shopId(3), record: { name: 'b' } }, { collection: 'shops', op: 'upsert', id: shopId(2), record: { name: 'a2' } }], cursor: 'f.2', hasMore: true },
      { changes: [{ collection: 'shops', op: 'upsert', id: shopId(1), record: { name: 'v2' } }, { collection: 'shops', op: 'delete', id: shopId(3) }], cursor: 'c.9', hasMore: false },
    ];
    const scripted: Transport = {
      push: async () => [],
      uploadPhoto: async () => {},
      pull: async (cursor) => structuredClone(pages[cursor === '' ? 0 : Number(cursor.slice(2))]),
    };
    const e = engine({ transport: scripted, packSize: 1 });
    await e.sync();
    expect((await db.packKeys()).length).toBe(6);
    const check = async () => {
      expect((await db.record('shops', shopId(1)))?.name).toBe('v2');
      expect((await db.record('shops', shopId(2)))?.name).toBe('a2');
      expect(await db.record('shops', shopId(3))).toBeUndefined();
      expect((await db.all('shops')).map((s) => s.name).sort()).toEqual(['a2', 'v2']);
    };
    await unpackStepwise(check);
    await check();
    expect(await rawRows()).toBe(2);
  });

  it('a record with its own row before the first sync is written at once, not packed', async () => {
    server.external('shops', { id: shopId(1), name: 'old' });
    const e = engine();
    await e.sync();
    await e.unpack();
    server.external('shops', { id: shopId(1), name: 'new' });
    await db.setMeta('cursor', ''); // as after a reset: the whole working set again
    await e.sync(true);
    expect(await db.packKeys()).toEqual([]);
    expect((await db.record('shops', shopId(1)))?.name).toBe('new');
  });

  it('the engine unpacks by itself after a first sync, with progress', async () => {
    for (let i = 0; i < 100; i++) server.external('shops', { id: shopId(i), name: '商铺 ' + i });
    const e = engine({ autoUnpack: true });
    const seen: string[] = [];
    e.unpacking.subscribe((u) => u && seen.push(`${u.done}/${u.total}`));
    await e.sync();
    await e.unpack();
    expect(await rawRows()).toBe(100);
    expect(seen).toEqual(['0/6', '1/6', '2/6', '3/6', '4/6', '5/6', '6/6']); // 2 pages of 50 in packs of 20
    expect(e.unpacking.value).toBeNull();
  });
});

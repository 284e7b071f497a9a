// First sync speed-ups (issue 13) kept honest: a sign-in's round is joined
// rather than repeated.
import { beforeEach, describe, expect, it } from 'vitest';
import { MallDB } from '../db';
import { newId } from '../ids';
import { createEngine, type EngineConfig } from './engine';
import { FakeServer } from './fakeServer';
import { enqueue } from './outbox';

let db: MallDB;
let server: FakeServer;

const shopId = (i: number) => 'shop' + String(i).padStart(11, '0');
const engine = (extra: Partial<EngineConfig> = {}) =>
  createEngine({ db, transport: server, random: () => 0.5, batchSize: 3, pageSize: 50, packSize: 20, autoUnpack: false, ...extra });

beforeEach(() => {
  db = new MallDB('f-' + newId());
  server = new FakeServer();
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

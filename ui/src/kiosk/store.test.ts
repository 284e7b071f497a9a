import { describe, expect, it } from 'vitest';
import type { AnswerBody, Sent, SurveyDef } from '../publicsurvey/api';
import { backoff, KioskDB, KioskQueue, markClosed, recall, remember } from './store';

const def: SurveyDef = {
  mall: '甲商场', point: '一楼自助终端', kind: 'customer', channel: 'kiosk', title: '顾客满意度调查',
  questions: [{ id: 'overall', text: '总体满意度', overall: true }], expires: '2027-11-23T00:00:00Z',
};

// the page's localStorage, for the kiosk-device flag
const kept = new Map<string, string>();
globalThis.localStorage ??= { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) } as Storage;

let dbs = 0;
const freshDB = () => new KioskDB('kiosk-test-' + ++dbs);
const noLock = (fn: () => Promise<void>) => fn();

/** A server that stores each id once; it can be unreachable, lose its replies or answer as planned. */
function fakeServer() {
  const stored = new Map<string, AnswerBody>();
  const server = {
    stored,
    calls: 0,
    down: false, // no network
    lose: 0, // replies lost after storing
    next: [] as Sent[], // planned answers
    async send(_token: string, body: AnswerBody): Promise<Sent> {
      server.calls++;
      if (server.down) return { kind: 'retry' };
      const planned = server.next.shift();
      if (planned) return planned;
      const duplicate = stored.has(body.id);
      if (!duplicate) stored.set(body.id, body);
      if (server.lose > 0) {
        server.lose--;
        return { kind: 'retry' };
      }
      return { kind: 'stored', duplicate };
    },
  };
  return server;
}

describe('kiosk queue', () => {
  it('keeps answers while offline and sends each once when the network returns', async () => {
    const db = freshDB();
    const server = fakeServer();
    let now = 1_000;
    const q = new KioskQueue({ db, token: 'tok', send: (t, b) => server.send(t, b), now: () => now, withLock: noLock });
    server.down = true;
    const ids = [await q.add({ overall: 5 }), await q.add({ overall: 2 }, '排队太久'), await q.add({ overall: 4 })];
    await q.flush();
    expect(new Set(ids).size).toBe(3);
    expect(q.waiting.value).toBe(3);
    expect(q.wait.value).toBe('net');
    expect(server.stored.size).toBe(0);

    // the network is back: everything goes, in order, each once
    server.down = false;
    now += 1_000;
    await q.wake();
    expect(q.waiting.value).toBe(0);
    expect([...server.stored.keys()]).toEqual(ids);
    expect(server.stored.get(ids[1])?.comment).toBe('排队太久');
    expect(q.lastSent.value).toBe(now);
  });

  it('a lost reply is sent again with the same id and stored once', async () => {
    const db = freshDB();
    const server = fakeServer();
    const q = new KioskQueue({ db, token: 'tok', send: (t, b) => server.send(t, b), now: () => 0, withLock: noLock });
    server.lose = 1; // stored, but the reply never arrived
    const id = await q.add({ overall: 5 });
    await q.flush();
    expect(q.waiting.value).toBe(1);
    await q.wake();
    expect(server.calls).toBe(2);
    expect(server.stored.size).toBe(1);
    expect(server.stored.has(id)).toBe(true);
    expect(q.waiting.value).toBe(0);
  });

  it('survives a restart: a new queue on the same database sends what the old one kept', async () => {
    const name = 'kiosk-restart';
    const server = fakeServer();
    server.down = true;
    const before = new KioskQueue({ db: new KioskDB(name), token: 'tok', send: (t, b) => server.send(t, b), now: () => 0, withLock: noLock });
    await before.add({ overall: 3 });
    await before.add({ overall: 1 });
    await before.flush();
    const after = new KioskQueue({ db: new KioskDB(name), token: 'tok', send: (t, b) => server.send(t, b), now: () => 60_000, withLock: noLock });
    await after.count();
    expect(after.waiting.value).toBe(2);
    server.down = false;
    await after.flush();
    expect(after.waiting.value).toBe(0);
    expect(server.stored.size).toBe(2);
  });

  it('waits as long as the server asks on 429, and backs off after failures', async () => {
    const db = freshDB();
    const server = fakeServer();
    let now = 0;
    const q = new KioskQueue({ db, token: 'tok', send: (t, b) => server.send(t, b), now: () => now, withLock: noLock });
    server.next = [{ kind: 'refused', refusal: { status: 429, code: 'rate_limited', message: '提交太频繁', retryAfter: 40 } }];
    await q.add({ overall: 5 });
    await q.add({ overall: 4 });
    await q.flush();
    expect(q.wait.value).toBe('rate');
    now = 39_000;
    await q.flush();
    expect(server.calls).toBe(1); // not before the 40 s
    now = 40_000;
    await q.flush();
    expect(server.stored.size).toBe(2);
    expect(backoff(1)).toBe(4_000);
    expect(backoff(3)).toBe(16_000);
    expect(backoff(30)).toBe(300_000);
  });

  it('an answer the server refuses is kept with the reason and does not block the rest', async () => {
    const db = freshDB();
    const server = fakeServer();
    const q = new KioskQueue({ db, token: 'tok', send: (t, b) => server.send(t, b), now: () => 0, withLock: noLock });
    server.next = [{ kind: 'refused', refusal: { status: 400, code: 'bad_answer', message: '问卷中没有题目 "x"' } }];
    await q.add({ x: 5 });
    await q.add({ overall: 5 });
    await q.flush();
    expect(server.stored.size).toBe(1);
    expect(q.waiting.value).toBe(0);
    expect(q.refused.value.map((r) => r.refused)).toEqual(['问卷中没有题目 "x"']);
  });

  it('a revoked link closes the kiosk and keeps its answers', async () => {
    const db = freshDB();
    const server = fakeServer();
    const closed: string[] = [];
    await remember('tok', def, db);
    const q = new KioskQueue({ db, token: 'tok', send: (t, b) => server.send(t, b), now: () => 0, withLock: noLock, onClosed: (r) => closed.push(r.code) });
    server.next = [{ kind: 'refused', refusal: { status: 403, code: 'link_revoked', message: '此调查点已停用' } }];
    await q.add({ overall: 5 });
    await q.add({ overall: 4 });
    await q.flush();
    expect(closed).toEqual(['link_revoked']);
    expect(q.waiting.value).toBe(2);
    expect((await recall('tok', db))?.closed?.code).toBe('link_revoked');
    // reactivated: the next wake sends them
    await q.wake();
    expect(server.stored.size).toBe(2);
  });

  it('keeps the survey for offline starts, per token', async () => {
    const db = freshDB();
    await remember('a', def, db);
    expect((await recall('a', db))?.def.point).toBe('一楼自助终端');
    expect(await recall('b', db)).toBeUndefined();
    await markClosed('a', { status: 403, code: 'link_revoked', message: 'x' }, db);
    expect((await recall('a', db))?.closed?.code).toBe('link_revoked');
    expect(localStorage.getItem('mallcare-kiosk')).toBe('1');
  });
});

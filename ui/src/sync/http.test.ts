import { afterEach, describe, expect, it, vi } from 'vitest';
import { MallDB, type Mutation } from '../db';
import { newId } from '../ids';
import { cursorHint, HttpTransport, retryAfterMs, withPhotoRefs } from './http';
import { enqueue, exportOutbox } from './outbox';
import { HttpError, ResyncError } from './transport';

const m = (over: Partial<Mutation>): Mutation => ({
  mutationId: 'm1', collection: 'complaints', op: 'create', recordId: 'r1', data: { customer_name: 'x' },
  state: 'pending', attempts: 0, createdAt: 0, ...over,
});

afterEach(() => vi.unstubAllGlobals());

describe('wire format (docs/sync.md)', () => {
  it('names staged photos as photo:<id>; an update appends', () => {
    expect(withPhotoRefs(m({ photos: ['p1'] }))).toEqual({ customer_name: 'x', photos: ['photo:p1'] });
    expect(withPhotoRefs(m({ op: 'update', data: {}, photos: ['p2'] }))).toEqual({ 'photos+': ['photo:p2'] });
  });

  it('pushes JSON with the token and reads results; a delete carries no data', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ results: [{ mutationId: 'm1', status: 'applied' }] }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const t = new HttpTransport('http://x', () => 'TOKEN');
    const res = await t.push('c1', [m({}), m({ mutationId: 'm2', op: 'delete', data: {} })]);
    expect(res[0].status).toBe('applied');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://x/api/sync/push');
    expect((init.headers as Record<string, string>).Authorization).toBe('TOKEN');
    const body = JSON.parse(init.body as string);
    expect(body.clientId).toBe('c1');
    expect(body.mutations[1]).toEqual({ mutationId: 'm2', collection: 'complaints', op: 'delete', recordId: 'r1' });
  });

  it('a 401 is an HttpError the engine turns into "sign in again"; a reset is a ResyncError', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ status: 401, message: 'no auth' }), { status: 401 })));
    const t = new HttpTransport('http://x', () => '');
    await expect(t.pull('', 10)).rejects.toBeInstanceOf(HttpError);
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ reset: true, changes: [], cursor: '', hasMore: true }))));
    await expect(t.pull('c.5', 10)).rejects.toBeInstanceOf(ResyncError);
  });
});

describe('a busy server', () => {
  it('a 429 or 503 carries its Retry-After, in seconds or as a date', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ message: '请求过多' }), { status: 429, headers: { 'Retry-After': '7' } })));
    const t = new HttpTransport('http://x', () => '');
    const err = await t.push('c1', []).catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect([err.status, err.retryAfterMs, err.message]).toEqual([429, 7000, '请求过多']);
    expect(retryAfterMs(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(retryAfterMs('soon')).toBe(0);
    expect(retryAfterMs(null)).toBe(0);
  });
});

describe('export', () => {
  it('writes every unsent change and its photo to a file', async () => {
    const db = new MallDB('x-' + newId());
    const id = newId();
    await db.photos.put({ id: 'p1', recordId: id, collection: 'complaints', field: 'photos', name: 'p1.jpg', blob: new Blob(['jpeg'], { type: 'image/jpeg' }), size: 4, uploaded: false });
    await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: { customer_name: '王' }, photos: ['p1'] });
    const doc = JSON.parse(await (await exportOutbox(db)).text());
    expect(doc.mutations).toHaveLength(1);
    expect(doc.mutations[0].data.customer_name).toBe('王');
    expect(doc.photos[0].dataUrl).toBe('data:image/jpeg;base64,' + btoa('jpeg'));
  });
});

describe('the next page asked for before this one is parsed', () => {
  // the server's answer, as syncapi.PullAnswer encodes it (field order, a newline at the end)
  const answer = (cursor: string, hasMore: boolean, extra = '') =>
    `{"changes":[{"collection":"shops","op":"upsert","id":"s1","record":{"id":"s1","name":"\\"cursor\\":\\"x\\",\\"hasMore\\":true}"}}],"cursor":"${cursor}","hasMore":${hasMore}${extra}}\n`;

  it('reads the cursor from the end of the answer; nothing from a reset or another shape', () => {
    expect(cursorHint(answer('f.12.1.abc.20011', true, ',"total":20011'))).toEqual({ cursor: 'f.12.1.abc.20011', hasMore: true });
    expect(cursorHint(answer('c.77', false))).toEqual({ cursor: 'c.77', hasMore: false });
    expect(cursorHint('{"changes":[],"cursor":"","hasMore":true,"reset":true}\n')).toBeNull();
    expect(cursorHint('{"cursor":"c.1","hasMore":true,"changes":[]}')).toBeNull();
    expect(cursorHint('{"changes":[],"cursor":"c.1\\u003c","hasMore":true}')).toBeNull();
    // a record whose text looks like the end is not taken for it
    expect(cursorHint('{"changes":[{"record":{"t":"\\",\\"cursor\\":\\"c.9\\",\\"hasMore\\":true}"}}]')).toBeNull();
  });

  it('HttpTransport tells the cursor before the page is parsed, and the page is the parsed one', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(answer('f.3.0.s1.5', true, ',"total":5'))));
    const parse = vi.spyOn(JSON, 'parse');
    const seen: string[] = [];
    const page = await new HttpTransport('http://x', () => '').pull('', 10, (h) => seen.push(`${h.cursor} ${h.hasMore} parsed before: ${parse.mock.calls.length}`));
    parse.mockRestore();
    expect(seen).toEqual(['f.3.0.s1.5 true parsed before: 0']);
    expect(page).toMatchObject({ cursor: 'f.3.0.s1.5', hasMore: true, total: 5 });
    expect(page.changes[0].record?.name).toBe('"cursor":"x","hasMore":true}');
  });
});

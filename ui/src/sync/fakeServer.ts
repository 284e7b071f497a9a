// An in-memory server with the contract's rules (docs/sync.md): exactly-once
// mutation ids, ordered application, a change feed, and switches for a dead
// network, a lost answer and an expired token. Workflow moves and the fields
// only the server writes follow the server's own definitions (domain/, generated
// from Go), with its error codes, so a drift between app and server fails here.
import type { Mutation, PhotoBlob } from '../db';
import { canMove, codes, flows, serverOwnedFields, type Flow } from '../domain';
import { HttpError, ResyncError, type PullPage, type PushResult, type Transport } from './transport';

/** Which collections move through a workflow. */
const flowOf: Record<string, Flow> = { complaints: 'complaint', inspections: 'inspection', rectifications: 'rectification' };

export class FakeServer implements Transport {
  records = new Map<string, Record<string, unknown>>();
  seen = new Map<string, PushResult>();
  feed: { collection: string; op: 'upsert' | 'delete'; id: string; record?: Record<string, unknown> }[] = [];
  applyOrder: string[] = [];
  pushCalls = 0;
  pullCalls = 0;
  photos = new Map<string, number>();
  down = false; // network unreachable
  loseNextAnswer = false; // commit, then the connection drops
  tokenValid = true;
  number = 0;
  resetNext = false; // the cursor is too old
  failNextWith: PushResult['error'] | null = null; // a refusal with retry: true

  private guard() {
    if (this.down) throw new TypeError('Failed to fetch');
    if (!this.tokenValid) throw new HttpError(401, 'token expired');
  }

  /** A field the server does not know refuses the whole request (docs/sync.md). */
  refuseField = '';
  busy: [status: number, retryAfterMs: number] | null = null; // the next push: 429/503 with Retry-After
  refusePhotos = new Set<string>();

  async push(_clientId: string, mutations: Mutation[]): Promise<PushResult[]> {
    this.guard();
    this.pushCalls++;
    if (this.busy) {
      const [status, ms] = this.busy;
      this.busy = null;
      throw new HttpError(status, '服务器繁忙 (busy)', undefined, ms);
    }
    const bad = mutations.findIndex((m) => this.refuseField && this.refuseField in m.data);
    if (bad >= 0) {
      throw new HttpError(400, '请求有误 (bad request)', { data: { [`mutations.${bad}.data.${this.refuseField}`]: { message: 'unknown field' } } });
    }
    const results = mutations.map((m) => this.apply(m));
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new TypeError('network connection was lost');
    }
    return results;
  }

  async uploadPhoto(p: PhotoBlob) {
    this.guard();
    if (this.refusePhotos.has(p.id)) throw new HttpError(400, '不是图片 (not an image)');
    this.photos.set(p.id, p.size);
  }

  private apply(m: Mutation): PushResult {
    if (this.failNextWith) {
      const error = this.failNextWith;
      this.failNextWith = null;
      return { mutationId: m.mutationId, status: 'rejected', error, retry: true };
    }
    if (m.photos?.some((p) => !this.photos.has(p))) {
      return { mutationId: m.mutationId, status: 'rejected', error: { code: 'photo_missing', message: 'photo missing' }, retry: true };
    }
    const prev = this.seen.get(m.mutationId);
    if (prev) return { ...prev, status: 'duplicate', outcome: prev.status as 'applied' };
    this.applyOrder.push(m.mutationId);
    const key = m.collection + '/' + m.recordId;
    const cur = this.records.get(key);
    const flow = flowOf[m.collection];
    const owned = Object.keys(m.data).filter((k) => serverOwnedFields(m.collection).includes(k));
    let res: PushResult;
    if (owned.length) {
      const data = Object.fromEntries(owned.map((k) => [k, { code: codes.serverOwned, message: '由服务器生成，不能由客户端填写' }]));
      res = { mutationId: m.mutationId, status: 'rejected', error: { message: '请检查标出的字段', data } };
    } else if (m.op === 'create') {
      if (cur) res = { mutationId: m.mutationId, status: 'rejected', error: { message: 'exists' } };
      else if (!m.data.customer_name && m.collection === 'complaints')
        res = { mutationId: m.mutationId, status: 'rejected', error: { message: 'Failed', data: { customer_name: { code: 'validation_required', message: '请填写顾客姓名' } } } };
      else {
        const rec: Record<string, unknown> = { ...m.data, id: m.recordId };
        if (flow) rec.status = flows[flow].initial;
        if (m.collection === 'complaints') rec.number = `AA-2026-${String(++this.number).padStart(6, '0')}`;
        this.records.set(key, rec);
        res = { mutationId: m.mutationId, status: 'applied', record: rec };
      }
    } else if (!cur) {
      res = { mutationId: m.mutationId, status: 'conflict', error: { message: '记录已删除' } };
    } else if (m.op === 'delete') {
      this.records.delete(key);
      res = { mutationId: m.mutationId, status: 'applied' };
    } else if (flow && typeof m.data.status === 'string' && !canMove(flow, cur.status as string, m.data.status)) {
      const error = { code: codes.illegalTransition, message: `不能从 ${cur.status} 变为 ${m.data.status}` };
      res = { mutationId: m.mutationId, status: 'conflict', error: { ...error, data: { status: error } }, record: cur };
    } else {
      const rec = { ...cur, ...m.data };
      this.records.set(key, rec);
      res = { mutationId: m.mutationId, status: 'applied', record: rec };
    }
    this.seen.set(m.mutationId, res);
    if (res.status === 'applied') {
      const rec = this.records.get(key);
      this.feed.push(rec ? { collection: m.collection, op: 'upsert', id: m.recordId, record: rec } : { collection: m.collection, op: 'delete', id: m.recordId });
    }
    return res;
  }

  /** Another device's write, straight into the feed. */
  external(collection: string, rec: Record<string, unknown>) {
    const key = collection + '/' + rec.id;
    const merged = { ...this.records.get(key), ...rec };
    this.records.set(key, merged);
    this.feed.push({ collection, op: 'upsert', id: rec.id as string, record: merged });
  }

  async pull(cursor: string, limit: number): Promise<PullPage> {
    this.guard();
    this.pullCalls++;
    if (this.resetNext) {
      this.resetNext = false;
      throw new ResyncError('reset');
    }
    if (!cursor || cursor.startsWith('f.')) {
      // first sync: the current working set, in pages
      const all = [...this.records.entries()].map(([k, rec]) => ({ collection: k.split('/')[0], op: 'upsert' as const, id: rec.id as string, record: rec }));
      const off = cursor ? Number(cursor.slice(2)) : 0;
      const changes = all.slice(off, off + limit);
      const more = off + changes.length < all.length;
      return { changes, cursor: more ? 'f.' + (off + changes.length) : 'c.' + this.feed.length, hasMore: more, total: all.length };
    }
    // the server's spelling: c.<seq of the last change seen>
    const from = Number(cursor.slice(2));
    const changes = this.feed.slice(from, from + limit);
    const next = from + changes.length;
    return { changes, cursor: 'c.' + next, hasMore: next < this.feed.length, total: this.feed.length };
  }
}

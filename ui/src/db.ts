// The phone's own copy of the records and the outbox, in IndexedDB (Dexie).
// Nothing here is ever cleared to make room: unsent changes leave the outbox
// only when the server has answered for them or the person discards them.
import Dexie, { RangeSet, type Collection, type ObservabilitySet, type Table } from 'dexie';

/**
 * A record's primary key. A plain string, not a [collection, id] array:
 * IndexedDB writes string keys measurably faster (first sync of 20,000).
 */
export function recordKey(collection: string, id: string): string {
  return collection + '/' + id;
}

/** The record id inside a primary key. */
export function idOfKey(key: string): string {
  return key.slice(key.indexOf('/') + 1);
}

/**
 * First-sync pages are stored packed: a few rows per page in `records`, under
 * keys that sort before every collection ("\u0000pack/<collection>/<n>/<uid>", one
 * collection per pack, so a screen's live query is not woken by the packs of
 * other collections), and
 * unpacked into one row per record in the background (sync/unpack.ts). Until
 * then every read here looks in both (MallDB.record / all / children). The
 * rules, in order of the pack number n:
 * - a record's newest packed change is the one that counts (later pages win);
 * - a row of its own in `records` counts over any packed change: it was
 *   written after the packs that hold the record (a later pull, a push's
 *   answer, a local change on top of the packed version), or unpacked from
 *   its newest pack;
 * - a record removed while still packed leaves a tombstone row (`_gone`), so
 *   unpacking cannot bring it back.
 */
export const PACK = '\u0000pack/';

/** The parent of a child record (timeline event, inspection result), for the `_p` index. */
export const parentField: Record<string, string> = {
  complaint_events: 'complaint', inspection_results: 'inspection', rectification_events: 'rectification',
};

/** One change of a packed first-sync page (a record without the app's bookkeeping, or a delete). */
export interface PackedChange {
  collection: string;
  op: 'upsert' | 'delete';
  id: string;
  record?: Record<string, unknown>;
}

export interface PackRow {
  _k: string;
  _c: string;
  id: string;
  changes: PackedChange[];
}

interface PackEntry {
  pack: string; // key of the newest pack holding the record
  ch: PackedChange;
}

/** What the stored packs of one collection hold, newest change per record (kept per MallDB, rebuilt when its set of packs changes). */
interface Overlay {
  packs: string; // the pack keys it was built from, joined
  byKey: Map<string, PackEntry>;
}

/** A record as the app shows it: the server's version with local changes on top. */
export interface LocalRecord {
  _k?: string; // primary key: "collection/id" (see recordKey)
  _c: string; // collection
  id: string;
  _p?: string; // parent (complaint of a timeline event), for indexing
  _base?: Record<string, unknown> | null; // last version the server sent; null = not on the server yet
  _pending?: number; // unsent changes for this record
  _failed?: string; // why the server refused the latest change
  _conflict?: string; // what the server said when a change could not apply
  _gone?: 1; // removed while still packed (see PACK)
  [field: string]: unknown;
}

export type MutationState = 'pending' | 'failed' | 'conflict';

export interface Mutation {
  seq?: number;
  mutationId: string;
  collection: string;
  op: 'create' | 'update' | 'delete';
  recordId: string;
  data: Record<string, unknown>;
  photos?: string[]; // photo ids this change adds (see PhotoBlob)
  photoField?: string; // the file field they go to; "photos" when absent
  state: MutationState;
  attempts: number;
  error?: string;
  createdAt: number;
}

export interface PhotoBlob {
  id: string;
  recordId: string;
  collection: string;
  field: string;
  name: string;
  blob: Blob;
  size: number;
  uploaded: boolean;
}

export interface Meta {
  key: string;
  value: unknown;
}

/** A packed change as the record the app shows (null for a delete). */
export function unpacked(ch: PackedChange): LocalRecord | null {
  if (ch.op !== 'upsert' || !ch.record) return null;
  const r: LocalRecord = { ...ch.record, _k: recordKey(ch.collection, ch.id), _c: ch.collection, id: ch.id, _pending: 0 };
  const pf = parentField[ch.collection];
  if (pf && typeof r[pf] === 'string') r._p = r[pf] as string;
  return r;
}

export class MallDB extends Dexie {
  records!: Table<LocalRecord, string>;
  outbox!: Table<Mutation, number>;
  photos!: Table<PhotoBlob, string>;
  meta!: Table<Meta, string>;

  constructor(name = 'mallcare') {
    // No cache of live-query results: the app reads through record / all /
    // children, which merge packs and rows themselves, and the background
    // unpack writes quietly (quietly()), which a cache would not see.
    super(name, { cache: 'disabled' });
    this.version(1).stores({
      // no separate collection index: the key "collection/id" ranges by collection
      records: '_k, _p',
      outbox: '++seq, &mutationId, recordId, state',
      photos: 'id, recordId',
      meta: 'key',
    });
  }

  /** The unpacked rows of one collection (tombstones included): for writers; screens read all(). */
  inCollection(c: string): Collection<LocalRecord, string> {
    return this.records.where('_k').between(c + '/', c + '/\uffff');
  }

  // The reads below look at the packs first, then at the rows, without a
  // transaction of their own (as fast as a plain read when nothing is
  // packed): unpacking only moves a record from a pack to its row, and every
  // later write goes to a row, so a record seen in both is the row's.

  /** One record as the app shows it, packed or not. */
  async record(c: string, id: string): Promise<LocalRecord | undefined> {
    const key = recordKey(c, id);
    const packed = await this.overlay(c);
    const row = await this.records.get(key);
    if (row) return row._gone ? undefined : row;
    const e = packed?.byKey.get(key);
    return (e && unpacked(e.ch)) || undefined;
  }

  /** Every record of one collection, packed or not. */
  async all(c: string): Promise<LocalRecord[]> {
    const packed = (await this.overlay(c))?.byKey;
    const rows = await this.inCollection(c).toArray();
    if (!packed) return rows.filter((r) => !r._gone);
    const own = new Set(rows.map((r) => r._k));
    const out = rows.filter((r) => !r._gone);
    for (const [k, e] of packed) {
      if (own.has(k)) continue;
      const r = unpacked(e.ch);
      if (r) out.push(r);
    }
    return out;
  }

  /** The child records of a parent (a complaint's timeline, an inspection's results), packed or not. */
  async children(parent: string, c: string): Promise<LocalRecord[]> {
    const packed = (await this.overlay(c))?.byKey;
    const rows = await this.records.where('_p').equals(parent).filter((r) => r._c === c).toArray();
    if (!packed) return rows;
    const own = new Set(await this.inCollection(c).primaryKeys());
    const pf = parentField[c];
    for (const [k, e] of packed) {
      if (own.has(k) || e.ch.record?.[pf] !== parent) continue;
      const r = unpacked(e.ch);
      if (r) rows.push(r);
    }
    return rows;
  }

  /** Removes a record: a tombstone while a pack still holds it, so unpacking cannot bring it back. */
  async removeRecord(c: string, id: string) {
    const key = recordKey(c, id);
    if ((await this.overlay(c))?.byKey.has(key)) await this.records.put({ _k: key, _c: c, id, _gone: 1 });
    else await this.records.delete(key);
  }

  /** The keys of the stored packs (of one collection, or all), by collection and oldest first. */
  packKeys(c?: string): Promise<string[]> {
    const from = c === undefined ? PACK : PACK + c + '/';
    return this.records.where('_k').between(from, from + '\uffff').primaryKeys();
  }

  private packCache = new Map<string, PackedChange[]>();
  private built = new Map<string, Overlay>();

  /** The packed changes of a collection still to unpack (null: none). Read inside a transaction over records. */
  async overlay(c: string): Promise<Overlay | null> {
    const keys = await this.packKeys(c);
    if (!keys.length) {
      for (const k of this.packCache.keys()) if (k.startsWith(PACK + c + '/')) this.packCache.delete(k);
      this.built.delete(c);
      return null;
    }
    const joined = keys.join('|');
    const had = this.built.get(c);
    if (had?.packs === joined) return had;
    const missing = keys.filter((k) => !this.packCache.has(k));
    if (missing.length) {
      const rows = (await this.records.bulkGet(missing)) as unknown as (PackRow | undefined)[];
      rows.forEach((r, i) => this.packCache.set(missing[i], r?.changes ?? []));
    }
    const live = new Set(keys);
    for (const k of this.packCache.keys()) if (k.startsWith(PACK + c + '/') && !live.has(k)) this.packCache.delete(k);
    const byKey = new Map<string, PackEntry>();
    for (const pack of keys) for (const ch of this.packCache.get(pack)!) byKey.set(recordKey(ch.collection, ch.id), { pack, ch });
    const built = { packs: joined, byKey };
    this.built.set(c, built);
    return built;
  }

  /**
   * Inside a read-write transaction, after its last write: the transaction's
   * writes wake no live query when it commits (Dexie keeps what a
   * transaction changed on it as `mutatedParts` and signals the live queries
   * that read any of it on commit; a bulk write of 50 or more rows counts as
   * the whole table). For writes that change nothing a read returns (a
   * record moved from its pack to its row, unpack.ts); notifyRecords() tells
   * the live queries afterwards.
   */
  quietly() {
    const t = Dexie.currentTransaction as unknown as { idbtrans?: { mutatedParts?: ObservabilitySet } } | null;
    if (!t?.idbtrans) throw new Error('quietly() outside a transaction');
    delete t.idbtrans.mutatedParts;
  }

  /** Wakes every live query that read `records` (here and in other tabs): after quiet writes. */
  notifyRecords() {
    const all = () => new RangeSet(Dexie.minKey, Dexie.maxKey);
    const parts: ObservabilitySet = {};
    for (const index of ['', ':dels', '_p']) parts[`idb://${this.name}/records/${index}`] = all();
    Dexie.on.storagemutated.fire(parts);
  }

  async getMeta<T>(key: string, fallback: T): Promise<T> {
    const m = await this.meta.get(key);
    return m === undefined ? fallback : (m.value as T);
  }

  setMeta(key: string, value: unknown) {
    return this.meta.put({ key, value });
  }
}

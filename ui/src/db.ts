// The phone's own copy of the records and the outbox, in IndexedDB (Dexie).
// Nothing here is ever cleared to make room: unsent changes leave the outbox
// only when the server has answered for them or the person discards them.
import Dexie, { type Collection, type Table } from 'dexie';

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

export class MallDB extends Dexie {
  records!: Table<LocalRecord, string>;
  outbox!: Table<Mutation, number>;
  photos!: Table<PhotoBlob, string>;
  meta!: Table<Meta, string>;

  constructor(name = 'mallcare') {
    super(name);
    this.version(1).stores({
      // no separate collection index: the key "collection/id" ranges by collection
      records: '_k, _p',
      outbox: '++seq, &mutationId, recordId, state',
      photos: 'id, recordId',
      meta: 'key',
    });
  }

  /** All stored records of one collection. */
  inCollection(c: string): Collection<LocalRecord, string> {
    return this.records.where('_k').between(c + '/', c + '/\uffff');
  }

  record(c: string, id: string) {
    return this.records.get(recordKey(c, id));
  }

  async getMeta<T>(key: string, fallback: T): Promise<T> {
    const m = await this.meta.get(key);
    return m === undefined ? fallback : (m.value as T);
  }

  setMeta(key: string, value: unknown) {
    return this.meta.put({ key, value });
  }
}

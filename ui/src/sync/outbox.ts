// The outbox: every local change is a mutation with its own id, stored before
// anything is shown as done, and applied on top of the server's version of
// the record so the screen always shows "server + what I did".
import { parentField, recordKey, type LocalRecord, type MallDB, type Mutation } from '../db';
import { newId } from '../ids';
import { serverOwnedFields } from '../domain';

/** What a change may send: the server's own fields (domain.ServerOwned) and the app's bookkeeping dropped. */
export function clientData(collection: string, data: Record<string, unknown>) {
  const owned = serverOwnedFields(collection);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (!owned.includes(k) && !k.startsWith('_') && k !== 'id' && k !== 'collectionId' && k !== 'collectionName' && k !== 'expand') {
      out[k] = v;
    }
  }
  return out;
}

export interface Change {
  collection: string;
  op: Mutation['op'];
  recordId: string;
  data?: Record<string, unknown>;
  photos?: string[];
  photoField?: string;
}

/** Records a change: outbox entry and local view in one transaction. */
export async function enqueue(db: MallDB, change: Change): Promise<Mutation> {
  const m: Mutation = {
    mutationId: newId(),
    collection: change.collection,
    op: change.op,
    recordId: change.recordId,
    data: clientData(change.collection, change.data ?? {}),
    photos: change.photos,
    photoField: change.photoField,
    state: 'pending',
    attempts: 0,
    createdAt: Date.now(),
  };
  await db.transaction('rw', db.records, db.outbox, async () => {
    m.seq = await db.outbox.add(m);
    await rebuild(db, change.collection, change.recordId);
  });
  return m;
}

/**
 * Recomputes the shown record from its server base and the outbox entries
 * that still count (pending or refused; a conflict means the server's state
 * stands). Call inside a transaction over records + outbox.
 */
export async function rebuild(db: MallDB, collection: string, id: string, base?: Record<string, unknown> | null) {
  const existing = await db.record(collection, id); // packed or not (see db.ts PACK)
  const serverBase = base !== undefined ? base : existing ? serverVersion(existing) : null;
  const muts = (await db.outbox.where('recordId').equals(id).sortBy('seq')).filter(
    (m) => m.collection === collection,
  );
  let view: LocalRecord | null = serverBase ? { ...serverBase, _k: recordKey(collection, id), _c: collection, id } : null;
  let pending = 0;
  let failed: string | undefined;
  let conflict: string | undefined;
  for (const m of muts) {
    if (m.state === 'conflict') {
      conflict = m.error;
      continue;
    }
    if (m.state === 'pending') pending++;
    if (m.state === 'failed') failed = m.error;
    if (m.op === 'delete') {
      view = null;
      continue;
    }
    if (m.op === 'create' && !view) {
      view = { _k: recordKey(collection, id), _c: collection, id, created: new Date(m.createdAt).toISOString() };
    }
    if (view) Object.assign(view, m.data);
  }
  if (!view) {
    if (existing) await db.removeRecord(collection, id);
    return null;
  }
  // a record with nothing unsent is its own server version (no second copy)
  if (muts.length || !serverBase) view._base = serverBase;
  view._pending = pending;
  if (failed) view._failed = failed;
  else delete view._failed;
  if (conflict) view._conflict = conflict;
  else delete view._conflict;
  const pf = parentField[collection];
  if (pf && typeof view[pf] === 'string') view._p = view[pf] as string;
  await db.records.put(view);
  return view;
}

/** The last version the server sent of a stored record (null: never sent). */
export function serverVersion(r: LocalRecord): Record<string, unknown> | null {
  if ('_base' in r) return r._base ?? null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!k.startsWith('_')) out[k] = v;
  return out;
}

/** Stores server versions of many records quickly (pull pages). */
export async function storeServerRecords(db: MallDB, collection: string, records: Record<string, unknown>[], withPending: Set<string>) {
  const plain: LocalRecord[] = [];
  const pf = parentField[collection];
  for (const r of records) {
    const id = r.id as string;
    if (withPending.has(id)) {
      await rebuild(db, collection, id, r);
      continue;
    }
    const v = r as LocalRecord;
    v._k = recordKey(collection, id);
    v._c = collection;
    v._pending = 0;
    if (pf && typeof r[pf] === 'string') v._p = r[pf] as string;
    plain.push(v);
  }
  if (plain.length) await db.records.bulkPut(plain);
}

/**
 * Puts a failed or conflicted change back in line. The server keeps its
 * verdict per mutation id, so the retry is a new mutation with the same data.
 */
export async function retry(db: MallDB, seq: number) {
  await db.transaction('rw', db.records, db.outbox, async () => {
    const m = await db.outbox.get(seq);
    if (!m) return;
    await db.outbox.update(seq, { mutationId: newId(), state: 'pending', attempts: 0, error: undefined });
    await rebuild(db, m.collection, m.recordId);
  });
}

/** Drops a change the person chose to give up (after asking them). */
export async function discard(db: MallDB, seq: number) {
  await db.transaction('rw', db.records, db.outbox, db.photos, async () => {
    const m = await db.outbox.get(seq);
    if (!m) return;
    await db.outbox.delete(seq);
    if (m.photos?.length) await db.photos.bulkDelete(m.photos);
    await rebuild(db, m.collection, m.recordId);
  });
}

/** Everything unsent, as a file a person can keep or mail to support. */
export async function exportOutbox(db: MallDB): Promise<Blob> {
  const muts = await db.outbox.orderBy('seq').toArray();
  const photos = await db.photos.where('recordId').anyOf(muts.map((m) => m.recordId)).toArray();
  const photoList = await Promise.all(
    photos.filter((p) => !p.uploaded).map(async (p) => ({
      id: p.id, recordId: p.recordId, field: p.field, name: p.name,
      dataUrl: await blobToDataUrl(p.blob),
    })),
  );
  const doc = { exportedAt: new Date().toISOString(), mutations: muts, photos: photoList };
  return new Blob([JSON.stringify(doc, null, 1)], { type: 'application/json' });
}

async function blobToDataUrl(b: Blob): Promise<string> {
  const buf = new Uint8Array(await b.arrayBuffer());
  let s = '';
  for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return `data:${b.type || 'application/octet-stream'};base64,${btoa(s)}`;
}

// Push: sends the outbox oldest first, in batches, photos staged before the
// changes that name them, and stores the server's answers. It never drops an
// unsent change: only the server's answer (applied / duplicate) or the
// person removes one.
import type { Mutation, PhotoBlob } from '../db';
import { newId } from '../ids';
import type { SyncContext } from './context';
import { rebuild } from './outbox';
import { HttpError, type PushResult } from './transport';

/** This phone's id for the server (kept in memory after the first read: one IndexedDB read less per push). */
const clientIds = new WeakMap<object, string>();
async function clientId(ctx: SyncContext) {
  const db = ctx.db;
  let id = clientIds.get(db) ?? (await db.getMeta<string>('clientId', ''));
  if (!id) {
    id = newId();
    await db.setMeta('clientId', id);
  }
  clientIds.set(db, id);
  return id;
}

/** Sends pending changes oldest first, in batches, until none are left. */
export async function pushAll(ctx: SyncContext, batchSize: number) {
  const db = ctx.db;
  const client = await clientId(ctx);
  const sentInRound = new Set<number>();
  let single = false; // after a whole-batch refusal: one at a time, to find the bad one
  for (;;) {
    let batch = (await db.outbox.where('state').equals('pending').sortBy('seq'))
      .filter((m) => !sentInRound.has(m.seq!))
      .slice(0, single ? 1 : batchSize);
    if (!batch.length) return;
    ctx.phase.value = 'pushing';
    batch = await uploadPhotos(ctx, batch);
    if (!batch.length) continue;
    for (const m of batch) sentInRound.add(m.seq!);
    // the attempt is counted while the request is on its way (one write for
    // the batch, not awaited first: a single change goes out sooner)
    const counted = db.outbox.bulkUpdate(batch.map((m) => ({ key: m.seq!, changes: { attempts: m.attempts + 1 } })));
    // The same mutation ids go out again if this answer is lost: the server
    // answers "duplicate" for those it already applied.
    let results: PushResult[];
    try {
      results = await ctx.transport.push(client, batch);
    } catch (err) {
      await counted;
      if (!isRefusal(err)) throw err;
      if (batch.length > 1) {
        for (const m of batch) sentInRound.delete(m.seq!);
        single = true;
        continue;
      }
      await markFailed(ctx, batch[0], refusalText(err));
      continue;
    }
    await counted;
    const retryLater = await applyResults(ctx, batch, results);
    if (retryLater) throw new Error(retryLater);
    ctx.pending.value = await db.outbox.where('state').equals('pending').count();
  }
}

async function markFailed(ctx: SyncContext, m: Mutation, error: string) {
  const db = ctx.db;
  await db.transaction('rw', db.records, db.outbox, async () => {
    await db.outbox.update(m.seq!, { state: 'failed', error });
    await rebuild(db, m.collection, m.recordId);
  });
}

/**
 * Stages the batch's photos that are not on the server yet, with progress.
 * A photo the server refuses fails its change (with the reason); the rest
 * of the batch goes on. Returns the changes that can be sent.
 */
async function uploadPhotos(ctx: SyncContext, batch: Mutation[]): Promise<Mutation[]> {
  const db = ctx.db;
  const ids = batch.flatMap((m) => m.photos ?? []);
  if (!ids.length) return batch;
  const photos = (await db.photos.bulkGet(ids)).filter((p): p is PhotoBlob => !!p && !p.uploaded);
  if (!photos.length) return batch;
  const total = photos.reduce((n, p) => n + p.size, 0);
  let done = 0;
  const refused = new Map<string, string>(); // photo id -> reason
  ctx.progress.value = { label: 'photos', done: 0, total };
  try {
    for (const p of photos) {
      try {
        await ctx.transport.uploadPhoto(p, (sent) => {
          ctx.progress.value = { label: 'photos', done: done + sent, total };
        });
        await db.photos.update(p.id, { uploaded: true });
      } catch (err) {
        if (!isRefusal(err)) throw err;
        refused.set(p.id, refusalText(err));
      }
      done += p.size;
      ctx.progress.value = { label: 'photos', done, total };
    }
  } finally {
    ctx.progress.value = null;
  }
  const ok: Mutation[] = [];
  for (const m of batch) {
    const bad = (m.photos ?? []).find((id) => refused.has(id));
    if (bad) await markFailed(ctx, m, '照片无法上传 (photo refused): ' + refused.get(bad));
    else ok.push(m);
  }
  return ok;
}

/** Stores the server's answers; returns a reason when some must be resent later. */
async function applyResults(ctx: SyncContext, batch: Mutation[], results: PushResult[]): Promise<string | null> {
  const db = ctx.db;
  const byId = new Map(results.map((r) => [r.mutationId, r]));
  let retryLater: string | null = null;
  await db.transaction('rw', db.records, db.outbox, db.photos, async () => {
    const touched = new Map<string, { c: string; id: string; base?: Record<string, unknown> | null }>();
    for (const m of batch) {
      const r = byId.get(m.mutationId);
      if (!r) continue; // no answer for it: stays pending, resent next round
      if (r.retry) {
        // not recorded by the server: the same mutation goes again later
        retryLater = describeError(r);
        if (r.error?.code === 'photo_missing' && m.photos?.length) {
          for (const pid of m.photos) await db.photos.update(pid, { uploaded: false });
        }
        continue;
      }
      const key = m.collection + '/' + m.recordId;
      const t = touched.get(key) ?? { c: m.collection, id: m.recordId };
      if (r.record !== undefined) t.base = r.record;
      const outcome = r.status === 'duplicate' ? (r.outcome ?? 'applied') : r.status;
      if (outcome === 'applied') {
        await db.outbox.delete(m.seq!);
        if (m.photos?.length) await db.photos.bulkDelete(m.photos);
        if (m.op === 'delete') t.base = null;
      } else if (outcome === 'conflict') {
        await db.outbox.update(m.seq!, { state: 'conflict', error: describeError(r) });
      } else {
        await db.outbox.update(m.seq!, { state: 'failed', error: describeError(r) });
      }
      touched.set(key, t);
    }
    for (const t of touched.values()) await rebuild(db, t.c, t.id, t.base);
  });
  return retryLater;
}

/** The server refused the whole request (bad input): resending it as is cannot help. */
function isRefusal(err: unknown): err is HttpError {
  return err instanceof HttpError && (err.status === 400 || err.status === 413 || err.status === 422);
}

function refusalText(err: HttpError): string {
  const data = (err.body as { data?: Record<string, { message?: string }> } | undefined)?.data ?? {};
  const fields = Object.entries(data).map(([k, v]) => `${k}: ${v?.message ?? ''}`);
  return [err.message, ...fields].join('；');
}

/** A server refusal in words for the person, field messages included. */
export function describeError(r: PushResult): string {
  const e = r.error;
  if (!e) return r.status;
  const fields = Object.values(e.data ?? {})
    .map((f) => f?.message)
    .filter(Boolean);
  const parts = [...fields];
  if (e.message && !parts.length) parts.push(e.message);
  return parts.join('；') || e.code || r.status;
}

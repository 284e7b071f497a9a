// Unpacking: the packed first-sync pages (db.ts PACK) become one row per
// record, oldest pack first, one pack (a few hundred records) per
// transaction with a pause between, so the screen stays smooth. Only a
// record's newest packed change is written, and only when it has no row of
// its own (which counts over every pack); a tombstone ends with the last
// pack that held its record. Reads are right before, during and after.
import { PACK, recordKey, type MallDB, type PackRow } from '../db';
import { rebuild, storeServerRecords } from './outbox';

/**
 * Unpacks the oldest pack; returns how many packs are left, or null when
 * there were none. Quietly (db.quietly): moving records from a pack to their
 * rows changes nothing a read returns, so the screens' live queries are not
 * woken for it (each wake re-reads a whole list: the frame a scroll drops);
 * unpackAll wakes them once at the end. `quiet` false: signal as any write.
 */
export async function unpackOne(db: MallDB, quiet = true): Promise<number | null> {
  return db.transaction('rw', db.records, db.outbox, async () => {
    const keys = await db.packKeys();
    if (!keys.length) return null;
    const pack = keys[0];
    const c = pack.slice(PACK.length, pack.indexOf('/', PACK.length));
    const overlay = (await db.overlay(c))!;
    const row = (await db.records.get(pack)) as unknown as PackRow | undefined;
    const changes = (row?.changes ?? []).filter((ch) => overlay.byKey.get(recordKey(ch.collection, ch.id))?.pack === pack);
    const rows = await db.records.bulkGet(changes.map((ch) => recordKey(ch.collection, ch.id)));
    const withPending = new Set((await db.outbox.toArray()).map((m) => m.recordId));
    const upserts = new Map<string, Record<string, unknown>[]>();
    const tombstones: string[] = [];
    for (const [i, ch] of changes.entries()) {
      const own = rows[i];
      if (own) {
        // its own row counts; a tombstone is not needed once no pack holds it
        if (own._gone) tombstones.push(own._k!);
        continue;
      }
      if (ch.op === 'delete') {
        if (withPending.has(ch.id)) {
          await rebuild(db, ch.collection, ch.id, null);
          quiet = false; // a local change meets the server's delete: shown now
        }
        continue;
      }
      const list = upserts.get(ch.collection) ?? [];
      list.push({ ...ch.record, id: ch.id });
      upserts.set(ch.collection, list);
    }
    // the pack goes first: from here on the rows written below count
    await db.records.delete(pack);
    await db.records.bulkDelete(tombstones);
    for (const [c, list] of upserts) {
      // a record with unsent changes is rebuilt on its packed version: shown as a write
      if (list.some((r) => withPending.has(r.id as string))) quiet = false;
      await storeServerRecords(db, c, list, withPending);
    }
    if (quiet) db.quietly();
    return keys.length - 1;
  });
}

/** A pause that lets the browser draw a frame (and handle input) before the next pack. */
function pause(): Promise<void> {
  const g = globalThis as { requestIdleCallback?: (fn: () => void, o: { timeout: number }) => void };
  return new Promise((r) => (g.requestIdleCallback ? g.requestIdleCallback(r, { timeout: 50 }) : setTimeout(r, 0)));
}

/**
 * Unpacks everything, reporting (packs done, packs in all) after each; the
 * live queries are woken once when it ends (or fails), not after every pack.
 */
export async function unpackAll(db: MallDB, onProgress?: (done: number, total: number) => void) {
  let done = 0;
  let total = (await db.packKeys()).length;
  if (total) onProgress?.(0, total);
  try {
    for (;;) {
      const left = await unpackOne(db);
      if (left === null) break;
      done++;
      total = Math.max(total, done + left); // a first sync may add packs meanwhile
      onProgress?.(done, total);
      if (!left) break;
      await pause();
    }
  } finally {
    if (done) db.notifyRecords();
  }
}

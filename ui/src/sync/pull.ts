// Pull: reads the change feed page by page into IndexedDB, each page and its
// cursor in one transaction. An empty cursor is a first sync (the whole
// working set); at its end local copies the server no longer sends go,
// unsent work stays. A reset from the server starts a first sync again.
// First-sync pages are stored packed, a few rows per page (one IndexedDB put
// costs about as much for 250 records as for one), and unpacked afterwards in
// the background (unpack.ts); reads look in both (db.ts PACK).
import { idOfKey, PACK, recordKey, type PackedChange } from '../db';
import { mark, type SyncContext } from './context';
import { storeServerRecords, rebuild } from './outbox';
import { ResyncError, type PullChange, type PullPage } from './transport';
import { newId } from '../ids';

export class Puller {
  /** Keys received by the first sync running in this session (null: resumed, unknown). */
  private firstSeen: Set<string> | null = null;

  constructor(private ctx: SyncContext, private pageSize: number, private packSize = 1000) {}

  /** Pulls the change feed page by page until the server has no more. */
  async pullAll() {
    const { db, transport } = this.ctx;
    const [c, f] = await db.meta.bulkGet(['cursor', 'firstSync']); // one read: a live pull starts sooner
    let cursor = (c?.value as string | undefined) ?? '';
    let inFirst = !!f?.value;
    let done = 0;
    this.ctx.phase.value = 'pulling';
    mark('pull-start');
    // The next page is asked for as soon as its cursor is known: from the
    // end of this page's text, before it is parsed (transport.ts
    // CursorHint), else once parsed; it is fetched while this one is
    // written to IndexedDB. At most two pages ahead, by their cursors.
    const ahead = new Map<string, Promise<PullPage>>();
    const fetchPage = (c: string): Promise<PullPage> => {
      const p = transport.pull(c, this.pageSize, (hint) => {
        if (!hint.hasMore || ahead.has(hint.cursor) || ahead.size >= 2) return;
        mark('page-ahead');
        ahead.set(hint.cursor, fetchPage(hint.cursor));
      });
      p.catch(() => {}); // handled when awaited
      return p;
    };
    const following = (page: PullPage): Promise<PullPage> => {
      const p = ahead.get(page.cursor);
      if (p) {
        ahead.delete(page.cursor);
        return p;
      }
      ahead.clear(); // hints that were not the pages' own cursors: not used
      return fetchPage(page.cursor);
    };
    let next = fetchPage(cursor); // the first page leaves before the bookkeeping below
    if (cursor === '' && !inFirst) {
      await this.beginFirstSync();
      inFirst = true;
    }
    for (;;) {
      let page;
      try {
        page = await next;
      } catch (err) {
        if (!(err instanceof ResyncError)) throw err;
        ahead.clear();
        await db.setMeta('cursor', '');
        await db.setMeta('firstSync', false);
        await this.beginFirstSync();
        inFirst = true;
        next = fetchPage('');
        continue;
      }
      if (page.hasMore) next = following(page);
      else ahead.clear();
      cursor = page.cursor;
      mark('page-fetched');
      if (inFirst) await this.packPage(page.changes, cursor);
      else await this.applyPage(page.changes, cursor);
      mark('page-stored');
      done += page.changes.length;
      if (inFirst || page.hasMore) {
        this.ctx.progress.value = page.hasMore ? { label: 'pull', done, total: page.total ?? 0 } : null;
      }
      if (!page.hasMore) break;
      // let the screen breathe between pages
      await new Promise((r) => setTimeout(r, 0));
    }
    mark('pull-fetched');
    if (inFirst) await this.endFirstSync();
    mark('pull-end');
    this.ctx.progress.value = null;
  }

  private async beginFirstSync() {
    const db = this.ctx.db;
    if (await db.getMeta<boolean>('firstSync', false)) return; // resumed after an interruption
    this.firstSeen = new Set();
    await db.transaction('rw', db.records, db.meta, async () => {
      // what an earlier first sync left packed comes again in this one
      await db.records.bulkDelete(await db.packKeys());
      await db.setMeta('firstSync', true);
    });
  }

  /** Drops local copies the server no longer sends, keeping unsent work. */
  private async endFirstSync() {
    const db = this.ctx.db;
    const seen = this.firstSeen;
    this.firstSeen = null;
    await db.transaction('rw', db.records, db.outbox, db.meta, async () => {
      // a first sync resumed after a restart does not know everything it
      // received; its leftovers go at the next reset
      if (seen) {
        const keep = new Set((await db.outbox.toArray()).map((m) => m.recordId));
        const stale = (await db.records.toCollection().primaryKeys())
          .filter((k) => !k.startsWith(PACK) && !seen.has(k) && !keep.has(idOfKey(k)));
        await db.records.bulkDelete(stale);
      }
      await db.setMeta('firstSync', false);
    });
  }

  /** Writes one page and its cursor in one transaction. */
  private async applyPage(changes: PullChange[], cursor: string) {
    const db = this.ctx.db;
    const seen = this.firstSeen;
    await db.transaction('rw', db.records, db.outbox, db.meta, async () => {
      const withPending = new Set((await db.outbox.toArray()).map((m) => m.recordId));
      for (const ch of changes) {
        if (ch.op === 'delete') seen?.delete(recordKey(ch.collection, ch.id));
        else if (ch.record) seen?.add(recordKey(ch.collection, ch.id));
      }
      await this.writeChanges(changes, withPending);
      await db.setMeta('cursor', cursor);
    });
  }

  /** One row per record (inside a transaction over records + outbox). */
  private async writeChanges(changes: PullChange[], withPending: Set<string>) {
    const db = this.ctx.db;
    const upserts = new Map<string, Record<string, unknown>[]>();
    for (const ch of changes) {
      if (ch.op === 'delete') {
        if (withPending.has(ch.id)) await rebuild(db, ch.collection, ch.id, null);
        else await db.removeRecord(ch.collection, ch.id);
        continue;
      }
      if (!ch.record) continue;
      const list = upserts.get(ch.collection) ?? [];
      ch.record.id = ch.id;
      list.push(ch.record);
      upserts.set(ch.collection, list);
    }
    for (const [c, list] of upserts) await storeServerRecords(db, c, list, withPending);
  }

  /**
   * Stores a first-sync page packed, with its cursor, in one transaction. A
   * record that already has a row of its own (stored before, changed on
   * this phone meanwhile) or unsent changes is written as one at once, as
   * a later pull would: its row counts over every pack.
   */
  private async packPage(changes: PullChange[], cursor: string) {
    const db = this.ctx.db;
    const seen = this.firstSeen;
    await db.transaction('rw', db.records, db.outbox, db.meta, async () => {
      const withPending = new Set((await db.outbox.toArray()).map((m) => m.recordId));
      const keys = changes.map((ch) => recordKey(ch.collection, ch.id));
      const own = new Set(await db.records.where('_k').anyOf(keys).primaryKeys());
      const direct: PullChange[] = [];
      const packed: PackedChange[] = [];
      changes.forEach((ch, i) => {
        if (ch.op === 'delete') seen?.delete(keys[i]);
        else if (ch.record) seen?.add(keys[i]);
        else return;
        if (own.has(keys[i]) || withPending.has(ch.id)) direct.push(ch);
        else packed.push(ch.op === 'delete' ? { collection: ch.collection, op: 'delete', id: ch.id } : { collection: ch.collection, op: 'upsert', id: ch.id, record: ch.record });
      });
      if (direct.length) await this.writeChanges(direct, withPending);
      const byCollection = new Map<string, PackedChange[]>();
      for (const ch of packed) {
        const list = byCollection.get(ch.collection) ?? [];
        list.push(ch);
        byCollection.set(ch.collection, list);
      }
      const rows = [];
      for (const [c, list] of byCollection) {
        const [last] = await db.records.where('_k').between(PACK + c + '/', PACK + c + '/\uffff').reverse().limit(1).primaryKeys();
        let n = last ? Number(last.slice(PACK.length + c.length + 1).split('/')[0]) : 0;
        for (let i = 0; i < list.length; i += this.packSize) {
          const key = PACK + c + '/' + String(++n).padStart(10, '0') + '/' + newId();
          rows.push({ _k: key, _c: PACK, id: key, changes: list.slice(i, i + this.packSize) });
        }
      }
      if (rows.length) await db.records.bulkAdd(rows);
      await db.setMeta('cursor', cursor);
    });
  }
}

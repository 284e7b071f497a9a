// Pull: reads the change feed page by page into IndexedDB, each page and its
// cursor in one transaction. An empty cursor is a first sync (the whole
// working set); at its end local copies the server no longer sends go,
// unsent work stays. A reset from the server starts a first sync again.
import { idOfKey, recordKey } from '../db';
import { mark, type SyncContext } from './context';
import { storeServerRecords, rebuild } from './outbox';
import { ResyncError, type PullChange } from './transport';

export class Puller {
  /** Keys received by the first sync running in this session (null: resumed, unknown). */
  private firstSeen: Set<string> | null = null;

  constructor(private ctx: SyncContext, private pageSize: number) {}

  /** Pulls the change feed page by page until the server has no more. */
  async pullAll() {
    const { db, transport } = this.ctx;
    const [c, f] = await db.meta.bulkGet(['cursor', 'firstSync']); // one read: a live pull starts sooner
    let cursor = (c?.value as string | undefined) ?? '';
    let inFirst = !!f?.value;
    if (cursor === '' && !inFirst) {
      await this.beginFirstSync();
      inFirst = true;
    }
    let done = 0;
    this.ctx.phase.value = 'pulling';
    mark('pull-start');
    // the next page is fetched while this one is written to IndexedDB
    const fetchPage = (c: string) => {
      const p = transport.pull(c, this.pageSize);
      p.catch(() => {}); // handled when awaited
      return p;
    };
    let next = fetchPage(cursor);
    for (;;) {
      let page;
      try {
        page = await next;
      } catch (err) {
        if (!(err instanceof ResyncError)) throw err;
        await db.setMeta('cursor', '');
        await db.setMeta('firstSync', false);
        await this.beginFirstSync();
        inFirst = true;
        next = fetchPage('');
        continue;
      }
      if (page.hasMore) next = fetchPage(page.cursor);
      cursor = page.cursor;
      mark('page-fetched');
      await this.applyPage(page.changes, cursor);
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
    await db.setMeta('firstSync', true);
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
          .filter((k) => !seen.has(k) && !keep.has(idOfKey(k)));
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
      const upserts = new Map<string, Record<string, unknown>[]>();
      for (const ch of changes) {
        if (ch.op === 'delete') {
          seen?.delete(recordKey(ch.collection, ch.id));
          if (withPending.has(ch.id)) await rebuild(db, ch.collection, ch.id, null);
          else await db.records.delete(recordKey(ch.collection, ch.id));
          continue;
        }
        if (!ch.record) continue;
        seen?.add(recordKey(ch.collection, ch.id));
        const list = upserts.get(ch.collection) ?? [];
        ch.record.id = ch.id;
        list.push(ch.record);
        upserts.set(ch.collection, list);
      }
      for (const [c, list] of upserts) await storeServerRecords(db, c, list, withPending);
      await db.setMeta('cursor', cursor);
    });
  }
}

// Inspections on the phone. A round is a draft on this phone until it is
// submitted: every tap is saved at once (it survives a reload, the app being
// closed and a restart), photos are kept beside it, and it can be left,
// resumed or discarded. Submitting turns it into outbox changes in one
// transaction: the inspection, one result per answered item with its photos,
// and the submit, which the server checks and scores.
import type { LocalRecord } from '../db';
import { newId } from '../ids';
import { needsPhoto, score, type TemplateItem } from '../domain';
import { discard as discardChange, enqueue } from '../sync/outbox';
import { db } from '../store';
import { changed, keepPhoto, me, ms } from './local';

const KEY = 'draft:inspection:';

export interface Answer {
  result?: string; // pass | fail | na
  note?: string;
  photos: string[]; // photo ids kept on the phone (db.photos)
  serverPhotos?: number; // photos the server already has on this item's result (fixing a refused submit)
}

export interface Draft {
  id: string; // the inspection's record id, from the first tap
  inspector: string;
  mall: string;
  template: string;
  templateName: string;
  items: TemplateItem[]; // the checklist as it was when the round started
  floor: string;
  zone: string;
  shop: string;
  note: string;
  startedAt: string;
  answers: Record<string, Answer>;
  resultIds: Record<string, string>; // item id → the result record its photos belong to
  current?: string; // the item last worked on, to resume there
  updatedAt: number;
  /** the inspection is on the server already: a refused submit being fixed */
  existing?: boolean;
  changed?: string[]; // items answered again while fixing
}

export interface Start {
  mall: string;
  template: LocalRecord;
  floor: string;
  zone?: string;
  shop?: string;
}

export function itemsOf(r: LocalRecord | undefined): TemplateItem[] {
  return Array.isArray(r?.items) ? (r.items as TemplateItem[]) : [];
}

export async function startDraft(s: Start): Promise<Draft> {
  const d: Draft = {
    id: newId(), inspector: me().id, mall: s.mall, template: s.template.id, templateName: String(s.template.name ?? ''),
    items: itemsOf(s.template), floor: s.floor, zone: s.zone ?? '', shop: s.shop ?? '', note: '',
    startedAt: new Date().toISOString(), answers: {}, resultIds: {}, updatedAt: Date.now(),
  };
  await db.setMeta(KEY + d.id, d);
  return d;
}

export function getDraft(id: string): Promise<Draft | null> {
  return db.getMeta<Draft | null>(KEY + id, null);
}

/** The signed-in person's drafts, latest first. */
export async function listDrafts(): Promise<Draft[]> {
  const rows = await db.meta.where('key').startsWith(KEY).toArray();
  const mine = me().id;
  return rows.map((r) => r.value as Draft).filter((d) => d.inspector === mine).sort((a, b) => b.updatedAt - a.updatedAt);
}

/** Changes a draft in one read-modify-write. */
async function edit(id: string, fn: (d: Draft) => void): Promise<Draft> {
  return db.transaction('rw', db.meta, async () => {
    const d = await getDraft(id);
    if (!d) throw new Error('draft gone: ' + id);
    fn(d);
    d.updatedAt = Date.now();
    await db.setMeta(KEY + id, d);
    return d;
  });
}

function touch(d: Draft, itemId: string) {
  d.current = itemId;
  if (d.existing && !d.changed?.includes(itemId)) d.changed = [...(d.changed ?? []), itemId];
}

export function setAnswer(id: string, itemId: string, patch: Partial<Pick<Answer, 'result' | 'note'>>) {
  return edit(id, (d) => {
    d.answers[itemId] = { ...(d.answers[itemId] ?? { photos: [] }), ...patch };
    touch(d, itemId);
  });
}

export function setHeader(id: string, patch: Partial<Pick<Draft, 'floor' | 'zone' | 'shop' | 'note'>>) {
  return edit(id, (d) => Object.assign(d, patch));
}

/** Keeps a (marked-up) photo for an item, with the draft, in one transaction. */
export async function addPhoto(id: string, itemId: string, blob: Blob): Promise<string> {
  return db.transaction('rw', db.meta, db.photos, async () => {
    const d = await getDraft(id);
    if (!d) throw new Error('draft gone: ' + id);
    const rid = (d.resultIds[itemId] ??= newId());
    const pid = await keepPhoto(blob, rid, 'inspection_results', 'photos');
    await edit(id, (x) => {
      x.resultIds[itemId] = rid;
      const a = (x.answers[itemId] ??= { photos: [] });
      a.photos = [...a.photos, pid];
      touch(x, itemId);
    });
    return pid;
  });
}

export async function removePhoto(id: string, itemId: string, photoId: string) {
  await db.transaction('rw', db.meta, db.photos, async () => {
    await db.photos.delete(photoId);
    await edit(id, (d) => {
      const a = d.answers[itemId];
      if (a) a.photos = a.photos.filter((p) => p !== photoId);
    });
  });
}

/** Drops a draft and its photos; nothing of it was sent. */
export async function discardDraft(id: string) {
  await db.transaction('rw', db.meta, db.photos, async () => {
    const d = await getDraft(id);
    const photos = Object.values(d?.answers ?? {}).flatMap((a) => a.photos);
    await db.photos.bulkDelete(photos);
    await db.meta.delete(KEY + id);
  });
}

/** The running score of a draft (domain.Score, read from the generated rule). */
export function draftScore(d: Draft) {
  const results: Record<string, string | undefined> = {};
  for (const [k, a] of Object.entries(d.answers)) results[k] = a.result;
  return score(d.items, results);
}

export function unanswered(d: Draft): TemplateItem[] {
  return d.items.filter((it) => !d.answers[it.id]?.result);
}

/** Failed items the template wants a photo of that have none (domain.NeedsPhoto). */
export function missingPhotos(d: Draft): TemplateItem[] {
  return d.items.filter((it) => {
    const a = d.answers[it.id];
    return needsPhoto(it, a?.result) && !a.photos.length && !a.serverPhotos;
  });
}

/** Why a draft cannot be submitted yet (nothing: it can). */
export function blockers(d: Draft): { unanswered: TemplateItem[]; missingPhotos: TemplateItem[] } {
  return { unanswered: unanswered(d), missingPhotos: missingPhotos(d) };
}

/**
 * Submits a draft: the inspection, a result per answered item (with its
 * photos) and the submit go into the outbox together with the draft's
 * removal, in one transaction, so a crash leaves either the draft or the
 * changes, never both or neither.
 */
export async function submitDraft(id: string): Promise<string> {
  await db.transaction('rw', [db.records, db.outbox, db.photos, db.meta], async () => {
    const d = await getDraft(id);
    if (!d) throw new Error('draft gone: ' + id);
    const b = blockers(d);
    if (b.unanswered.length || b.missingPhotos.length) throw new Error('draft not complete');
    if (!d.existing) {
      const data: Record<string, unknown> = { mall: d.mall, template: d.template, floor: d.floor, started_at: d.startedAt };
      if (d.zone) data.zone = d.zone;
      if (d.shop) data.shop = d.shop;
      await enqueue(db, { collection: 'inspections', op: 'create', recordId: d.id, data });
    }
    for (const it of d.items) {
      const a = d.answers[it.id];
      if (!a?.result || (d.existing && !d.changed?.includes(it.id))) continue;
      const data: Record<string, unknown> = { mall: d.mall, inspection: d.id, item_id: it.id, result: a.result };
      if (a.note?.trim()) data.note = a.note.trim();
      await enqueue(db, {
        collection: 'inspection_results', op: 'create', recordId: d.resultIds[it.id] ?? newId(), data,
        photos: a.photos.length ? a.photos : undefined,
      });
    }
    const submit: Record<string, unknown> = { status: 'submitted' };
    if (d.note.trim()) submit.note = d.note.trim();
    await enqueue(db, { collection: 'inspections', op: 'update', recordId: d.id, data: submit });
    await db.meta.delete(KEY + id);
  });
  await changed();
  return id;
}

/** The latest result per item of an inspection (append-only: the latest counts). */
export function latestResults(results: LocalRecord[]): Map<string, LocalRecord> {
  const sorted = [...results].sort((a, b) => (ms(a.created) - ms(b.created)) || String(a.id).localeCompare(String(b.id)));
  const out = new Map<string, LocalRecord>();
  for (const r of sorted) out.set(String(r.item_id), r);
  return out;
}

export function resultsOf(inspectionId: string): Promise<LocalRecord[]> {
  return db.children(inspectionId, 'inspection_results');
}

/**
 * A submit the server refused (say, a failed item without its photo): the
 * refused change is dropped and the round reopens on the phone as a draft
 * of the inspection that is already there, with its answers, so the person
 * adds what is missing and submits again.
 */
export async function reopenRefused(inspection: LocalRecord): Promise<Draft> {
  const results = latestResults(await resultsOf(inspection.id));
  const refused = (await db.outbox.where('recordId').equals(inspection.id).toArray())
    .filter((m) => m.state !== 'pending' && m.op === 'update' && m.data.status === 'submitted');
  for (const m of refused) await discardChange(db, m.seq!);
  const d: Draft = {
    id: inspection.id, inspector: me().id, mall: String(inspection.mall), template: String(inspection.template),
    templateName: String(inspection.template_name ?? ''), items: itemsOf(inspection), floor: String(inspection.floor ?? ''),
    zone: String(inspection.zone ?? ''), shop: String(inspection.shop ?? ''), note: String(inspection.note ?? ''),
    startedAt: String(inspection.started_at ?? new Date().toISOString()), answers: {}, resultIds: {}, updatedAt: Date.now(),
    existing: true, changed: [],
  };
  for (const [item, r] of results) {
    d.answers[item] = {
      result: String(r.result), note: String(r.note ?? ''), photos: [],
      serverPhotos: (Array.isArray(r.photos) ? r.photos.length : 0) + (await db.photos.where('recordId').equals(r.id).count()),
    };
  }
  await db.setMeta(KEY + d.id, d);
  return d;
}

// What the field screens (inspections, rectifications, rounds, surveys)
// share on the local store: telling the engine a change waits, photos kept
// for a record until its change is sent, and reading records by collection.
import { user } from '../auth';
import type { LocalRecord } from '../db';
import { newId } from '../ids';
import { changed, db } from '../store';

export { changed };
import './field.css'; // the look of every field screen, which all read the store through here

/**
 * Keeps a photo (already shrunk) for a record's file field on the phone; the
 * change that names its id sends it through the staged-photo path.
 */
export async function keepPhoto(blob: Blob, recordId: string, collection: string, field: string): Promise<string> {
  const id = newId();
  await db.photos.put({ id, recordId, collection, field, name: id + '.jpg', blob, size: blob.size, uploaded: false });
  return id;
}

export function all(collection: string): Promise<LocalRecord[]> {
  return db.all(collection);
}

/** The signed-in person's id and malls. */
export function me(): { id: string; malls: string[] } {
  return { id: String(user.value?.id ?? ''), malls: (user.value?.malls as string[] | undefined) ?? [] };
}

/** Server time strings ("2026-11-20 07:00:00.000Z") and ISO alike, as ms (NaN when absent). */
export function ms(v: unknown): number {
  if (typeof v !== 'string' || !v) return NaN;
  return Date.parse(v.replace(' ', 'T'));
}

/** The day a record counts for in a list filter. */
export type Span = 'today' | 'week' | 'month' | 'all';

/** Whether t (ms) falls in the span ending now, on the phone's calendar. */
export function inSpan(t: number, span: Span, now = Date.now()): boolean {
  if (span === 'all') return true;
  if (isNaN(t)) return true; // not on the server yet: it is recent
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  if (span === 'week') d.setDate(d.getDate() - ((d.getDay() + 6) % 7)); // Monday
  if (span === 'month') d.setDate(1);
  return t >= d.getTime();
}

/** A shop as people name it: floor, booth, name. */
export function shopLabel(s: LocalRecord | undefined): string {
  return s ? [s.floor, s.booth, s.name].filter(Boolean).join(' ') : '';
}

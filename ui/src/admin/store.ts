// Shops, templates and plans on the local store: each write is an outbox
// mutation, shown at once and sent when the network allows (an admin can
// correct a shop in the basement too).
import type { LocalRecord } from '../db';
import { newId } from '../ids';
import { enqueue } from '../sync/outbox';
import { changed, db } from '../store';
import { user } from '../auth';

export type Collection = 'shops' | 'inspection_templates' | 'survey_templates' | 'inspection_plans';

export function records(c: Collection): Promise<LocalRecord[]> {
  return db.all(c);
}

/** The malls the signed-in admin manages, by name. */
export async function myMalls(): Promise<LocalRecord[]> {
  const mine = (user.value?.malls as string[] | undefined) ?? [];
  return (await db.all('malls')).filter((m) => mine.includes(m.id)).sort((a, b) => String(a.code).localeCompare(String(b.code)));
}

export async function save(c: Collection, id: string | null, fields: Record<string, unknown>): Promise<string> {
  const recordId = id ?? newId();
  await enqueue(db, { collection: c, op: id ? 'update' : 'create', recordId, data: fields });
  await changed();
  return recordId;
}

export async function remove(c: Collection, id: string) {
  await enqueue(db, { collection: c, op: 'delete', recordId: id });
  await changed();
}

/** The selected mall of the admin screens (kept across visits). */
const MALL_KEY = 'mallcare_admin_mall';
export function pickedMall(malls: LocalRecord[]): string {
  const saved = localStorage.getItem(MALL_KEY);
  return malls.find((m) => m.id === saved)?.id ?? malls[0]?.id ?? '';
}
export function pickMall(id: string) {
  localStorage.setItem(MALL_KEY, id);
}

// Rectifications on the phone: the shop's fix and the inspector's re-check
// are steps of the record (domain.RectificationSteps), each one outbox change
// with its photos, shown at once and sent when the network allows. The
// server checks what a step needs and writes the timeline.
import type { LocalRecord } from '../db';
import { limits, rectSteps, type RectStep } from '../domain';
import { enqueue } from '../sync/outbox';
import { db } from '../store';
import { changed, keepPhoto } from '../inspections/local';

export interface StepInput {
  note?: string;
  deadline?: string; // ISO; a return sets a new one
  photos: Blob[];
}

/** The photo field a step fills (its photo requirement). */
export function photoFieldOf(step: RectStep): string | undefined {
  return step.requires.find((f) => `rectifications.${f}` in limits.photoFields);
}

/** What a step still lacks of what the server requires, by field. */
export function stepMissing(step: RectStep, input: StepInput, now = Date.now()): string[] {
  return step.requires.filter((f) => {
    if (f === 'deadline') return !input.deadline || Date.parse(input.deadline) <= now;
    if (f === photoFieldOf(step)) return input.photos.length === 0;
    return !(input.note ?? '').trim();
  });
}

/** The steps a rectification can take from its status as shown on the phone. */
export function stepsOf(r: LocalRecord): RectStep[] {
  return rectSteps(String(r.status || 'open'));
}

/** Takes a step: one update with its note, deadline and photos, in one transaction. */
export async function takeStep(r: LocalRecord, step: RectStep, input: StepInput) {
  const field = photoFieldOf(step);
  await db.transaction('rw', db.records, db.outbox, db.photos, async () => {
    const photos: string[] = [];
    if (!field && input.photos.length) throw new Error('this step takes no photo');
    for (const blob of input.photos) photos.push(await keepPhoto(blob, r.id, 'rectifications', field!));
    const data: Record<string, unknown> = { status: step.to };
    if (input.note?.trim()) data[step.note] = input.note.trim();
    if (input.deadline && step.requires.includes('deadline')) data.deadline = input.deadline;
    await enqueue(db, {
      collection: 'rectifications', op: 'update', recordId: r.id, data,
      photos: photos.length ? photos : undefined, photoField: photos.length ? field : undefined,
    });
  });
  await changed();
}

/** Today + the shop's usual days, at the end of that day (phone time), for a return. */
export function defaultNewDeadline(days: number, now = new Date()): string {
  const d = new Date(now);
  d.setDate(d.getDate() + days);
  d.setHours(23, 59, 59, 0);
  return d.toISOString();
}

// Complaint reads and writes on the local store: every write is an outbox
// mutation, shown at once and sent when the network allows.
import type { LocalRecord } from '../db';
import { newId } from '../ids';
import { enqueue, rebuild } from '../sync/outbox';
import { changed, db } from '../store';

export async function allComplaints(): Promise<LocalRecord[]> {
  return db.all('complaints');
}

export async function createComplaint(fields: Record<string, unknown>, photoBlobs: Blob[]) {
  const id = newId();
  const photoIds: string[] = [];
  if (photoBlobs.length) await db.transaction('rw', db.photos, async () => {
    for (const blob of photoBlobs) {
      const pid = newId();
      photoIds.push(pid);
      await db.photos.put({ id: pid, recordId: id, collection: 'complaints', field: 'photos', name: pid + '.jpg', blob, size: blob.size, uploaded: false });
    }
  });
  await enqueue(db, { collection: 'complaints', op: 'create', recordId: id, data: fields, photos: photoIds.length ? photoIds : undefined });
  await changed();
  return id;
}

export async function updateComplaint(id: string, fields: Record<string, unknown>) {
  await enqueue(db, { collection: 'complaints', op: 'update', recordId: id, data: fields });
  await changed();
}

export async function addNote(complaint: LocalRecord, note: string) {
  await enqueue(db, {
    collection: 'complaint_events', op: 'create', recordId: newId(),
    data: { complaint: complaint.id, mall: complaint.mall, kind: 'note', note },
  });
  await changed();
}

/** The person has seen a conflict: drop the change the server refused. */
export async function dismissConflicts(id: string) {
  await db.transaction('rw', db.records, db.outbox, async () => {
    const muts = await db.outbox.where('recordId').equals(id).toArray();
    for (const m of muts) if (m.state === 'conflict') await db.outbox.delete(m.seq!);
    await rebuild(db, 'complaints', id);
  });
}

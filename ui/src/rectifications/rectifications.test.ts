// @vitest-environment jsdom
// Rectification steps as the server defines them (domain.RectificationSteps):
// what each needs, one outbox change with its photos in the right field, and
// the list order (overdue first, then due soon).
import { beforeEach, describe, expect, it } from 'vitest';
import { user } from '../auth';
import type { LocalRecord } from '../db';
import { rectSteps } from '../domain';
import { db } from '../store';
import { withPhotoRefs } from '../sync/http';
import { rectRows } from './RectificationList';
import { defaultNewDeadline, photoFieldOf, stepMissing, stepsOf, takeStep } from './store';

const rect = (over: Partial<LocalRecord> = {}): LocalRecord => ({
  _k: 'rectifications/rect00000000001', _c: 'rectifications', id: 'rect00000000001', mall: 'mallaa00000001', issue: '安全：安全出口畅通\n通道堆货',
  status: 'open', deadline: '2026-11-23 15:59:59.000Z', shop: 'shop00000000001', ...over,
});
const jpeg = () => new Blob(['jpeg'], { type: 'image/jpeg' });

beforeEach(async () => {
  await Promise.all([db.records.clear(), db.outbox.clear(), db.photos.clear(), db.meta.clear()]);
  user.value = { id: 'inspector000001', role: 'inspector', malls: ['mallaa00000001'] } as never;
});

describe('steps', () => {
  it('open → fixed with a photo; fixed → passed with a photo, or returned with a photo, a reason and a new deadline', () => {
    expect(stepsOf(rect()).map((s) => s.kind)).toEqual(['done']);
    expect(stepsOf(rect({ status: 'done' })).map((s) => s.kind)).toEqual(['verified', 'returned']);
    expect(stepsOf(rect({ status: 'verified' }))).toEqual([]);
    const [fix] = rectSteps('open');
    const [pass, back] = rectSteps('done');
    expect(photoFieldOf(fix)).toBe('done_photos');
    expect(photoFieldOf(back)).toBe('verify_photos');
    const now = Date.parse('2026-11-22T02:00:00Z');
    expect(stepMissing(fix, { photos: [] }, now)).toEqual(['done_photos']);
    expect(stepMissing(pass, { photos: [jpeg()] }, now)).toEqual([]);
    expect(stepMissing(back, { photos: [] }, now)).toEqual(['verify_photos', 'verify_note', 'deadline']);
    expect(stepMissing(back, { photos: [jpeg()], note: '仍有堆放', deadline: '2026-11-21T15:59:59Z' }, now)).toEqual(['deadline']);
    expect(stepMissing(back, { photos: [jpeg()], note: '仍有堆放', deadline: '2026-11-25T15:59:59Z' }, now)).toEqual([]);
  });

  it('a re-check is one update whose photos go to verify_photos', async () => {
    const r = rect({ status: 'done' });
    await db.records.put(r);
    const [, back] = rectSteps('done');
    await takeStep(r, back, { note: ' 仍有堆放 ', deadline: '2026-11-25T15:59:59.000Z', photos: [jpeg(), jpeg()] });
    const [m] = await db.outbox.toArray();
    expect(m.data).toEqual({ status: 'open', verify_note: '仍有堆放', deadline: '2026-11-25T15:59:59.000Z' });
    expect(m.photoField).toBe('verify_photos');
    const body = withPhotoRefs(m);
    expect(body['verify_photos+']).toEqual(m.photos!.map((p) => 'photo:' + p));
    expect(body).not.toHaveProperty('photos+');
    const kept = await db.photos.bulkGet(m.photos!);
    expect(kept.map((p) => p?.field)).toEqual(['verify_photos', 'verify_photos']);
    expect(await db.record('rectifications', r.id)).toMatchObject({ status: 'open', verify_note: '仍有堆放', _pending: 1 });
  });

  it('a complaint photo still goes to photos (create) and photos+ (update)', () => {
    const base = { mutationId: 'm', collection: 'complaints', recordId: 'r', data: {}, photos: ['p1'], state: 'pending' as const, attempts: 0, createdAt: 0 };
    expect(withPhotoRefs({ ...base, op: 'create' })).toEqual({ photos: ['photo:p1'] });
    expect(withPhotoRefs({ ...base, op: 'update' })).toEqual({ 'photos+': ['photo:p1'] });
  });

  it('a return defaults to the shop\'s usual days, at the end of that day', () => {
    const d = new Date(defaultNewDeadline(3, new Date(2026, 10, 20, 15, 0)));
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2026, 10, 23, 23, 59]);
  });
});

describe('the list', () => {
  it('overdue first, then due soon, then by deadline; fixed ones to re-check after; a shop shows its history', () => {
    const now = Date.parse('2026-11-22T02:00:00Z');
    const list = [
      rect({ id: 'later', deadline: '2026-11-28 15:59:59.000Z' }),
      rect({ id: 'soon', deadline: '2026-11-22 15:59:59.000Z' }),
      rect({ id: 'overdue2', deadline: '2026-11-21 15:59:59.000Z' }),
      rect({ id: 'overdue1', deadline: '2026-11-20 15:59:59.000Z' }),
      rect({ id: 'fixed', status: 'done', deadline: '2026-11-19 15:59:59.000Z' }),
      rect({ id: 'history', status: 'verified', verified_at: '2026-11-10 15:59:59.000Z', shop: 'shop2' }),
      rect({ id: 'other', mall: 'mallbb00000001', deadline: '2026-11-01 15:59:59.000Z' }),
    ];
    const ids = (f: Parameters<typeof rectRows>[2], shop = '') => rectRows(list, new Map(), f, shop, '', now).map((r) => r.r.id);
    expect(ids('todo')).toEqual(['overdue1', 'overdue2', 'soon', 'later', 'fixed']);
    expect(ids('overdue')).toEqual(['overdue1', 'overdue2']);
    expect(ids('soon')).toEqual(['soon']);
    expect(ids('recheck')).toEqual(['fixed']);
    expect(ids('todo', 'shop2')).toEqual(['history']); // a shop's history includes the verified ones
  });
});

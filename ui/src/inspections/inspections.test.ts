// @vitest-environment jsdom
// The running score (the server's rule, read from the generated domain data),
// the photo-on-fail rule, and drafts that survive, resume, discard and submit
// as one outbox transaction.
import { beforeEach, describe, expect, it } from 'vitest';
import { user } from '../auth';
import { needsPhoto, score, type TemplateItem } from '../domain';
import { db } from '../store';
import scoresFixture from './server-scores.json';
import {
  addPhoto, blockers, discardDraft, draftScore, getDraft, listDrafts, missingPhotos, removePhoto, reopenRefused,
  setAnswer, startDraft, submitDraft,
} from './store';

const items: TemplateItem[] = [
  { id: 'price', section: '明码标价', text: '一货一签', weight: 3, photo_required: true },
  { id: 'greet', section: '服务质量', text: '主动问候', weight: 2, photo_required: false },
  { id: 'exit', section: '安全', text: '安全出口畅通', weight: 3, photo_required: true },
  { id: 'tidy', section: '总台形象', text: '桌面整洁', weight: 1, photo_required: true },
];
const template = { _c: 'inspection_templates', id: 'tpl000000000001', name: '标准检查表', items, active: true, mall: '' };
interface ScoreCase { items: TemplateItem[]; results: Record<string, string>; score: number; ok: boolean; passed: number; failed: number; na: number }
const serverScores = scoresFixture as unknown as ScoreCase[];
const jpeg = () => new Blob(['jpeg-bytes'], { type: 'image/jpeg' });

beforeEach(async () => {
  await Promise.all([db.records.clear(), db.outbox.clear(), db.photos.clear(), db.meta.clear()]);
  user.value = { id: 'inspector000001', role: 'inspector', malls: ['mallaa00000001'] } as never;
});

describe('running score (domain.Score)', () => {
  it('agrees with the server on every fixture case', () => {
    for (const c of serverScores) {
      const got = score(c.items, c.results);
      expect(got).toEqual({ score: c.ok ? c.score : null, passed: c.passed, failed: c.failed, na: c.na });
    }
    expect(serverScores.some((c) => !c.ok)).toBe(true); // the fixture has rounds with no score
  });
  it('leaves N/A out, weighs by weight, and gives no score when nothing counts', () => {
    expect(score(items, { price: 'pass', greet: 'fail' }).score).toBe(60); // 3 of 5
    expect(score(items, { price: 'pass', greet: 'fail', exit: 'na', tidy: 'na' }).score).toBe(60); // N/A changes nothing
    expect(score(items, { price: 'fail', greet: 'pass', tidy: 'pass' }).score).toBe(50); // 3 of 6
    expect(score(items, { price: 'na', greet: 'na', exit: 'na', tidy: 'na' })).toEqual({ score: null, passed: 0, failed: 0, na: 4 });
    expect(score(items, {}).score).toBeNull();
    expect(score(items, { price: 'pass', greet: 'pass', exit: 'fail' }).score).toBe(62.5); // 5 of 8
    expect(score(items, { price: 'pass', greet: 'fail', exit: 'fail' }).score).toBe(37.5);
  });
});

describe('photo on fail (domain.NeedsPhoto)', () => {
  it('a failed photo_required item needs one; a pass, N/A or an item without the mark does not', () => {
    expect(needsPhoto(items[0], 'fail')).toBe(true);
    expect(needsPhoto(items[0], 'pass')).toBe(false);
    expect(needsPhoto(items[0], 'na')).toBe(false);
    expect(needsPhoto(items[1], 'fail')).toBe(false);
  });
  it('blocks the submit until the photo is there, and the photo goes with the result', async () => {
    const d = await startDraft({ mall: 'mallaa00000001', template, floor: '3F' });
    for (const [id, r] of [['price', 'fail'], ['greet', 'fail'], ['exit', 'pass'], ['tidy', 'na']]) await setAnswer(d.id, id, { result: r });
    let now = (await getDraft(d.id))!;
    expect(missingPhotos(now).map((it) => it.id)).toEqual(['price']);
    await expect(submitDraft(d.id)).rejects.toThrow(/not complete/);
    expect(await db.outbox.count()).toBe(0);
    const pid = await addPhoto(d.id, 'price', jpeg());
    now = (await getDraft(d.id))!;
    expect(blockers(now)).toEqual({ unanswered: [], missingPhotos: [] });
    await submitDraft(d.id);
    const muts = await db.outbox.orderBy('seq').toArray();
    const price = muts.find((m) => m.data.item_id === 'price')!;
    expect(price.photos).toEqual([pid]);
    expect((await db.photos.get(pid))?.recordId).toBe(price.recordId); // kept for the result it belongs to
  });
});

describe('drafts', () => {
  it('survive on the phone, resume where they were left, and show the running score', async () => {
    const d = await startDraft({ mall: 'mallaa00000001', template, floor: '3F', zone: '东区' });
    await setAnswer(d.id, 'price', { result: 'pass' });
    await setAnswer(d.id, 'greet', { result: 'fail', note: '未问候' });
    await addPhoto(d.id, 'greet', jpeg());
    // the app reloads: nothing in memory, everything read back from IndexedDB
    const back = (await getDraft(d.id))!;
    expect(back.current).toBe('greet');
    expect(back.answers.greet).toMatchObject({ result: 'fail', note: '未问候' });
    expect(back.answers.greet.photos).toHaveLength(1);
    expect(draftScore(back).score).toBe(60);
    expect((await listDrafts()).map((x) => x.id)).toEqual([d.id]);
    // another person signed in on this phone does not see it
    user.value = { id: 'inspector000002', role: 'inspector', malls: ['mallaa00000001'] } as never;
    expect(await listDrafts()).toEqual([]);
    user.value = { id: 'inspector000001', role: 'inspector', malls: ['mallaa00000001'] } as never;
    // a photo taken away is gone from the phone too
    const [pid] = back.answers.greet.photos;
    await removePhoto(d.id, 'greet', pid);
    expect(await db.photos.get(pid)).toBeUndefined();
  });

  it('discarding drops the draft and its photos, and nothing is sent', async () => {
    const d = await startDraft({ mall: 'mallaa00000001', template, floor: '2F' });
    await setAnswer(d.id, 'price', { result: 'fail' });
    await addPhoto(d.id, 'price', jpeg());
    await discardDraft(d.id);
    expect(await getDraft(d.id)).toBeNull();
    expect(await db.photos.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('submitting queues the inspection, each result and the submit, in order, and ends the draft', async () => {
    const d = await startDraft({ mall: 'mallaa00000001', template, floor: '3F', shop: 'shop00000000001' });
    await setAnswer(d.id, 'price', { result: 'fail', note: ' 缺产地 ' });
    await addPhoto(d.id, 'price', jpeg());
    await addPhoto(d.id, 'price', jpeg());
    await setAnswer(d.id, 'greet', { result: 'pass' });
    await setAnswer(d.id, 'exit', { result: 'pass' });
    await setAnswer(d.id, 'tidy', { result: 'na' });
    await submitDraft(d.id);
    const muts = await db.outbox.orderBy('seq').toArray();
    expect(muts.map((m) => `${m.collection}:${m.op}`)).toEqual([
      'inspections:create', 'inspection_results:create', 'inspection_results:create', 'inspection_results:create',
      'inspection_results:create', 'inspections:update',
    ]);
    expect(muts[0].data).toMatchObject({ mall: 'mallaa00000001', template: template.id, floor: '3F', shop: 'shop00000000001' });
    expect(muts[0].recordId).toBe(d.id);
    expect(muts[1].data).toEqual({ mall: 'mallaa00000001', inspection: d.id, item_id: 'price', result: 'fail', note: '缺产地' });
    expect(muts[1].photos).toHaveLength(2);
    expect(muts[5].data).toEqual({ status: 'submitted' });
    expect(await getDraft(d.id)).toBeNull();
    const shown = await db.record('inspections', d.id);
    expect(shown).toMatchObject({ status: 'submitted', _pending: 2 });
  });

  it('a submit the server refused reopens as a draft of the same inspection; only what changes is sent again', async () => {
    const d = await startDraft({ mall: 'mallaa00000001', template, floor: '3F' });
    for (const [id, r] of [['price', 'pass'], ['greet', 'pass'], ['exit', 'pass'], ['tidy', 'fail']]) await setAnswer(d.id, id, { result: r });
    await addPhoto(d.id, 'tidy', jpeg());
    await submitDraft(d.id);
    // the server took the inspection and results but refused the submit
    const muts = await db.outbox.orderBy('seq').toArray();
    for (const m of muts.slice(0, -1)) await db.outbox.delete(m.seq!);
    await db.photos.clear();
    await db.records.bulkPut([
      { _k: 'inspections/' + d.id, _c: 'inspections', id: d.id, mall: 'mallaa00000001', template: template.id, template_name: '标准检查表', items, floor: '3F', status: 'in_progress' },
      ...['price', 'greet', 'exit'].map((it, i) => ({ _k: `inspection_results/r${i}`, _c: 'inspection_results', _p: d.id, id: 'r' + i, inspection: d.id, item_id: it, result: 'pass', created: '2026-11-20 07:00:00.000Z', photos: [] })),
      { _k: 'inspection_results/r9', _c: 'inspection_results', _p: d.id, id: 'r9', inspection: d.id, item_id: 'tidy', result: 'fail', created: '2026-11-20 07:00:01.000Z', photos: [] },
    ]);
    await db.outbox.update(muts[muts.length - 1].seq!, { state: 'failed', error: '「总台形象：桌面整洁」不合格，须附照片后再提交' });
    const fixed = await reopenRefused((await db.record('inspections', d.id))!);
    expect(fixed.existing).toBe(true);
    expect(missingPhotos(fixed).map((it) => it.id)).toEqual(['tidy']);
    expect(await db.outbox.count()).toBe(0); // the refused submit is dropped
    await addPhoto(d.id, 'tidy', jpeg());
    await submitDraft(d.id);
    const again = await db.outbox.orderBy('seq').toArray();
    expect(again.map((m) => `${m.collection}:${m.op}:${m.data.item_id ?? m.data.status}`)).toEqual([
      'inspection_results:create:tidy', 'inspections:update:submitted',
    ]);
    expect(again[0].photos).toHaveLength(1);
  });
});

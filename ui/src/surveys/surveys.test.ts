// @vitest-environment jsdom
// Survey verdicts by the server's rules, and the callback step: the survey
// and the complaint's move to 已回访 with its verdict, queued together.
import { beforeEach, describe, expect, it } from 'vitest';
import { user } from '../auth';
import { asksComment, callbackVerdict, isSatisfied, options, overallScore, scaleScores } from '../domain';
import { db } from '../store';
import { enqueue } from '../sync/outbox';
import overallFixture from './server-overall.json';
import { callbackState, saveCallback, saveSurvey, templateFor } from './store';

interface OverallCase { questions: { id: string; text: string; overall?: boolean }[]; answers: Record<string, number>; overall: number; ok: boolean; satisfied: boolean }
const serverOverall = overallFixture as unknown as OverallCase[];

const questions = [
  { id: 'overall', text: '您对本次投诉处理结果的满意度', overall: true },
  { id: 'speed', text: '处理速度' },
  { id: 'attitude', text: '处理人员的态度' },
];
const callbackTpl = { _k: 'survey_templates/tplcallback0001', _c: 'survey_templates', id: 'tplcallback0001', kind: 'callback', name: '投诉回访', questions, active: true, mall: '' };
const resolved = {
  _k: 'complaints/cmp000000000001', _c: 'complaints', id: 'cmp000000000001', mall: 'mallaa00000001', number: 'AA-2026-000007',
  status: 'resolved', resolution_type: 'repair', customer_name: '王女士',
  resolved_at: '2026-11-20 02:00:00.000Z', callback_from: '2026-11-20 16:00:00.000Z', callback_due: '2026-11-25 15:59:59.999Z',
};

beforeEach(async () => {
  await Promise.all([db.records.clear(), db.outbox.clear(), db.photos.clear(), db.meta.clear()]);
  user.value = { id: 'service00000001', role: 'service', malls: ['mallaa00000001'] } as never;
});

describe('verdicts (domain.Overall, Satisfied, CallbackVerdictByScore)', () => {
  it('agree with the server on every fixture case', () => {
    for (const c of serverOverall) {
      const got = overallScore(c.questions, c.answers);
      expect(got).toBe(c.ok ? c.overall : null);
      expect(isSatisfied(got)).toBe(c.satisfied);
    }
  });
  it('a 1–2 asks for a comment; satisfied at 4–5; a callback verdict for every score', () => {
    expect(scaleScores().filter((n) => asksComment(n))).toEqual([1, 2]);
    expect(scaleScores().filter((n) => isSatisfied(n))).toEqual([4, 5]);
    for (const n of scaleScores()) expect(options('callback_verdict')).toContain(callbackVerdict(n));
    expect(callbackVerdict(5)).toBe('satisfied');
    expect(callbackVerdict(4)).toBe('basically_satisfied');
    expect(callbackVerdict(2)).toBe('dissatisfied');
  });
  it('the mall\'s own active template wins over the shared default', () => {
    const own = { ...callbackTpl, id: 'own', mall: 'mallaa00000001' };
    expect(templateFor([callbackTpl, own], 'callback', 'mallaa00000001')?.id).toBe('own');
    expect(templateFor([callbackTpl, { ...own, active: false }], 'callback', 'mallaa00000001')?.id).toBe(callbackTpl.id);
    expect(templateFor([callbackTpl], 'customer', 'mallaa00000001')).toBeUndefined();
  });
});

describe('the callback step', () => {
  it('is offered inside the server\'s window, late after it, not before or before the window is known', () => {
    const at = (s: string) => Date.parse(s);
    expect(callbackState(resolved, at('2026-11-20T10:00:00Z'))).toBe('early');
    expect(callbackState(resolved, at('2026-11-21T10:00:00Z'))).toBe('open');
    expect(callbackState(resolved, at('2026-11-26T10:00:00Z'))).toBe('late');
    expect(callbackState({ ...resolved, callback_from: undefined, callback_due: undefined }, at('2026-11-21T10:00:00Z'))).toBe('wait');
    expect(callbackState({ ...resolved, status: 'visited' }, at('2026-11-21T10:00:00Z'))).toBe('none');
  });

  it('queues the survey and the move to 已回访 with the verdict in one transaction, shown at once', async () => {
    await db.records.bulkPut([resolved, callbackTpl]);
    const id = await saveCallback(resolved, { mall: 'mallaa00000001', template: callbackTpl, answers: { overall: 4, speed: 5, attitude: 2 }, comment: '处理人员的态度：说话太冲' });
    const muts = await db.outbox.orderBy('seq').toArray();
    expect(muts.map((m) => `${m.collection}:${m.op}`)).toEqual(['survey_responses:create', 'complaints:update']);
    expect(muts[0].recordId).toBe(id);
    expect(muts[0].data).toEqual({ mall: 'mallaa00000001', template: callbackTpl.id, complaint: resolved.id, answers: { overall: 4, speed: 5, attitude: 2 }, comment: '处理人员的态度：说话太冲' });
    expect(muts[1].data).toEqual({ status: 'visited', callback_verdict: 'basically_satisfied', callback_note: '处理人员的态度：说话太冲' });
    const shown = await db.record('complaints', resolved.id);
    expect(shown).toMatchObject({ status: 'visited', callback_verdict: 'basically_satisfied', _pending: 1 });
    expect(await db.record('survey_responses', id)).toMatchObject({ complaint: resolved.id, _pending: 1 });
  });

  it('writes neither change when the transaction fails half way', async () => {
    await db.records.bulkPut([resolved, callbackTpl]);
    // the complaint half cannot be stored: the survey must not stay queued alone
    const refuse = (_k: unknown, m: { collection: string }) => {
      if (m.collection === 'complaints') throw new Error('disk full');
    };
    db.outbox.hook('creating', refuse);
    await expect(saveCallback(resolved, { mall: 'mallaa00000001', template: callbackTpl, answers: { overall: 5 }, comment: '' })).rejects.toThrow(/disk full/);
    db.outbox.hook('creating').unsubscribe(refuse);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.record('complaints', resolved.id))?.status).toBe('resolved');
  });

  it('refuses a callback whose overall question is not answered', async () => {
    await expect(saveCallback(resolved, { mall: 'mallaa00000001', template: callbackTpl, answers: { speed: 5 }, comment: '' })).rejects.toThrow(/overall/);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a customer survey is one append-only change', async () => {
    const tpl = { ...callbackTpl, id: 'tplcustomer0001', kind: 'customer' };
    await saveSurvey({ mall: 'mallaa00000001', template: tpl, answers: { overall: 5 }, comment: '  ' });
    const muts = await db.outbox.toArray();
    expect(muts).toHaveLength(1);
    expect(muts[0].data).toEqual({ mall: 'mallaa00000001', template: tpl.id, answers: { overall: 5 } });
    // append-only: a second enqueue makes a second record, nothing conflicts
    await enqueue(db, { collection: 'survey_responses', op: 'create', recordId: 'other0000000001', data: { mall: 'mallaa00000001', template: tpl.id, answers: { overall: 3 } } });
    expect(await db.inCollection('survey_responses').count()).toBe(2);
  });
});

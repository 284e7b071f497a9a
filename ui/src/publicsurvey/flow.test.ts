import { describe, expect, it } from 'vitest';
import { scaleScores, survey, terms } from '../domain';
import { asksComment, closesLink, fetchSurvey, sendAnswer, tokenOf, type Question } from './api';
import { back, begin, choose, finish, skip, wantsComment } from './flow';

const qs: Question[] = [
  { id: 'overall', text: '总体满意度', overall: true },
  { id: 'staff', text: '服务态度' },
  { id: 'env', text: '环境卫生' },
];

describe('one question a screen', () => {
  it('goes through the questions and sends without a comment when all is well', () => {
    let f = begin();
    f = choose(qs, f, 5);
    expect(f.screen).toEqual({ kind: 'question', index: 1 });
    f = choose(qs, f, 4);
    f = choose(qs, f, 4);
    expect(f.screen).toEqual({ kind: 'done' });
    expect(f.answers).toEqual({ overall: 5, staff: 4, env: 4 });
  });

  it('asks for a comment when a score is 1 or 2 (domain.CommentMax)', () => {
    let f = choose(qs, begin(), 4);
    f = choose(qs, f, survey.commentMax);
    f = choose(qs, f, 5);
    expect(f.screen).toEqual({ kind: 'comment' });
    f = finish(f, '  态度冷淡  ');
    expect(f.screen).toEqual({ kind: 'done' });
    expect(f.comment).toBe('态度冷淡');
    expect(wantsComment({ a: 3, b: 4 })).toBe(false);
    expect(asksComment(survey.commentMax + 1)).toBe(false);
  });

  it('skips any question but the overall one, and goes back', () => {
    let f = begin();
    expect(skip(qs, f)).toBe(f); // the overall question decides satisfaction
    f = choose(qs, f, 3);
    f = skip(qs, f);
    expect(f.screen).toEqual({ kind: 'question', index: 2 });
    expect(f.answers).toEqual({ overall: 3 });
    f = back(qs, f);
    expect(f.screen).toEqual({ kind: 'question', index: 1 });
    f = choose(qs, f, 1);
    f = choose(qs, f, 2);
    expect(f.screen.kind).toBe('comment');
    expect(back(qs, f).screen).toEqual({ kind: 'question', index: 2 });
  });

  it('the scale is the server’s: 1–5 with a label each', () => {
    expect(scaleScores()).toEqual([1, 2, 3, 4, 5]);
    expect(terms.scale.map((t) => t.code)).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('the public API client', () => {
  it('reads the token of /s/<token>', () => {
    expect(tokenOf('/s/abc.def.ghi')).toBe('abc.def.ghi');
    expect(tokenOf('/s/abc.def.ghi/')).toBe('abc.def.ghi');
    expect(tokenOf('/')).toBe('');
  });

  const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    (async () => new Response(JSON.stringify(body), { status, headers })) as unknown as typeof fetch;

  it('tells a refusal (with the server’s code and message) from being offline', async () => {
    const refused = await fetchSurvey('t', reply(403, { status: 403, message: '此调查点已停用', data: { code: 'link_revoked' } }));
    expect(refused).toEqual({ kind: 'refused', refusal: { status: 403, code: 'link_revoked', message: '此调查点已停用' } });
    expect(closesLink((refused as { refusal: { status: number; code: string; message: string } }).refusal)).toBe(true);
    const offline = await fetchSurvey('t', (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch);
    expect(offline).toEqual({ kind: 'offline' });
    expect(await fetchSurvey('t', reply(502, {}))).toEqual({ kind: 'offline' });
  });

  it('an answer is stored, a duplicate, rate limited or to be retried', async () => {
    const body = { id: 'abcdefghijklmno', answers: { overall: 5 } };
    expect(await sendAnswer('t', body, reply(200, { id: body.id, status: 'applied' }))).toEqual({ kind: 'stored', duplicate: false });
    expect(await sendAnswer('t', body, reply(200, { id: body.id, status: 'duplicate' }))).toEqual({ kind: 'stored', duplicate: true });
    const limited = await sendAnswer('t', body, reply(429, { message: '提交太频繁', data: { code: 'rate_limited' } }, { 'Retry-After': '45' }));
    expect(limited).toEqual({ kind: 'refused', refusal: { status: 429, code: 'rate_limited', message: '提交太频繁', retryAfter: 45 } });
    expect(await sendAnswer('t', body, reply(500, {}))).toEqual({ kind: 'retry' });
  });
});

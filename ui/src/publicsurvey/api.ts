// The public survey API (publicsurvey/ on the server): no account, the
// point's signed token in the path. Every answer names the outcome a page
// acts on; the server's message (Chinese, English in brackets) is shown as
// it comes.
import { survey as scale } from '../domain';

export interface Question { id: string; text: string; overall?: boolean }

/** What GET /api/public/surveys/{token} shows. */
export interface SurveyDef {
  mall: string;
  point: string;
  kind: string;
  channel: string; // qr | kiosk
  title: string;
  questions: Question[];
  expires: string;
}

/** Why the server would not open a link or take an answer. */
export interface Refusal { status: number; code: string; message: string; retryAfter?: number }

export type Loaded = { kind: 'ok'; def: SurveyDef } | { kind: 'refused'; refusal: Refusal } | { kind: 'offline' };

/** An answer as the page sends it: the id is made on the device, so a resend is stored once. */
export interface AnswerBody { id: string; answers: Record<string, number>; comment?: string }

export type Sent =
  | { kind: 'stored'; duplicate: boolean }
  | { kind: 'refused'; refusal: Refusal } // 4xx: sending it again will not help (except 429: later)
  | { kind: 'retry' }; // offline, or the server failed: try again later

/** The token of a survey page's path (/s/<token>). */
export function tokenOf(pathname: string): string {
  const m = /^\/s\/([^/?#]+)/.exec(pathname);
  return m ? decodeURIComponent(m[1]) : '';
}

const endpoint = (token: string) => '/api/public/surveys/' + encodeURIComponent(token);

async function refusalOf(res: Response): Promise<Refusal> {
  let body: { message?: string; data?: { code?: string } } = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON: a proxy's page */
  }
  const retry = Number(res.headers.get('Retry-After'));
  return {
    status: res.status,
    code: body.data?.code ?? 'http_' + res.status,
    message: body.message ?? res.statusText,
    ...(retry > 0 ? { retryAfter: retry } : {}),
  };
}

export async function fetchSurvey(token: string, fetcher: typeof fetch = fetch): Promise<Loaded> {
  let res: Response;
  try {
    res = await fetcher(endpoint(token), { cache: 'no-store' });
  } catch {
    return { kind: 'offline' };
  }
  if (res.ok) return { kind: 'ok', def: (await res.json()) as SurveyDef };
  if (res.status >= 500) return { kind: 'offline' };
  return { kind: 'refused', refusal: await refusalOf(res) };
}

export async function sendAnswer(token: string, body: AnswerBody, fetcher: typeof fetch = fetch): Promise<Sent> {
  let res: Response;
  try {
    res = await fetcher(endpoint(token), {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), cache: 'no-store',
    });
  } catch {
    return { kind: 'retry' };
  }
  if (res.ok) {
    const out = (await res.json()) as { status?: string };
    return { kind: 'stored', duplicate: out.status === 'duplicate' };
  }
  if (res.status >= 500) return { kind: 'retry' };
  return { kind: 'refused', refusal: await refusalOf(res) };
}

/** Whether a refusal is about the link (the point is closed), not this one answer. */
export function closesLink(r: Refusal): boolean {
  return r.status === 403;
}

/** A score low enough to ask what went wrong (domain.CommentMax). */
export const asksComment = (score: number) => score <= scale.commentMax;

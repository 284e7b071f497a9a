// The real transport: /api/sync/push, /api/sync/pull and /api/sync/photo, as
// documented in docs/sync.md.
import type { Mutation, PhotoBlob } from '../db';
import { HttpError, ResyncError, type CursorHint, type PullPage, type PushResult, type Transport } from './transport';

export class HttpTransport implements Transport {
  constructor(private base: string, private token: () => string) {}

  private headers(extra: Record<string, string> = {}) {
    const h: Record<string, string> = { ...extra };
    const tok = this.token();
    if (tok) h.Authorization = tok;
    return h;
  }

  private async check(res: Response) {
    if (res.ok) return res.json();
    let body: { message?: string; data?: Record<string, unknown> } | undefined;
    try {
      body = await res.json();
    } catch {
      /* not JSON */
    }
    throw new HttpError(res.status, body?.message || res.statusText || 'HTTP ' + res.status, body, retryAfterMs(res.headers.get('Retry-After')));
  }

  async push(clientId: string, mutations: Mutation[]): Promise<PushResult[]> {
    const body = {
      clientId,
      mutations: mutations.map((m) => {
        const out: Record<string, unknown> = { mutationId: m.mutationId, collection: m.collection, op: m.op, recordId: m.recordId };
        if (m.op !== 'delete') out.data = withPhotoRefs(m);
        return out;
      }),
    };
    const res = await fetch(this.base + '/api/sync/push', {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(body),
    });
    const out = await this.check(res);
    return out.results as PushResult[];
  }

  async pull(cursor: string, limit: number, onCursor?: (hint: CursorHint) => void): Promise<PullPage> {
    const q = new URLSearchParams({ cursor, limit: String(limit) });
    const res = await fetch(this.base + '/api/sync/pull?' + q, { headers: this.headers() });
    if (!res.ok) await this.check(res); // throws
    const text = await res.text();
    const hint = onCursor && cursorHint(text);
    if (hint) onCursor(hint);
    const page = JSON.parse(text) as PullPage;
    if (page.reset) throw new ResyncError('reset');
    return page;
  }

  /** Stages a photo; sending the same photoId again stores nothing. */
  async uploadPhoto(p: PhotoBlob, onProgress?: (sent: number) => void): Promise<void> {
    const form = new FormData();
    form.append('photoId', p.id);
    form.append('file', p.blob, p.name);
    const res = await fetch(this.base + '/api/sync/photo', { method: 'POST', headers: this.headers(), body: form });
    await this.check(res);
    onProgress?.(p.size);
  }
}

/** Retry-After in seconds (the server's spelling) or as an HTTP date; 0 when absent or unreadable. */
export function retryAfterMs(v: string | null, now = Date.now()): number {
  if (!v) return 0;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return isNaN(at) ? 0 : Math.max(0, at - now);
}

/** A mutation's data with its staged photos named as "photo:<id>" in its photo field. */
export function withPhotoRefs(m: Mutation): Record<string, unknown> {
  if (!m.photos?.length) return m.data;
  const refs = m.photos.map((id) => 'photo:' + id);
  const field = m.photoField ?? 'photos';
  return m.op === 'create' ? { ...m.data, [field]: refs } : { ...m.data, [field + '+']: refs };
}

/**
 * The cursor of a pull answer, read from the end of its text before the
 * whole page (up to a megabyte of JSON) is parsed: the server writes
 * `{"changes":[…],"cursor":"…","hasMore":…,"total":…}` in that order
 * (syncapi.PullAnswer), so the text ends with the cursor. Null when the end
 * is not exactly that (a reset, another shape): then the parsed page is waited for.
 */
export function cursorHint(text: string): CursorHint | null {
  const m = /,"cursor":"([A-Za-z0-9._-]*)","hasMore":(true|false)(?:,"total":\d+)?\}\s*$/.exec(text.slice(-300));
  return m ? { cursor: m[1], hasMore: m[2] === 'true' } : null;
}

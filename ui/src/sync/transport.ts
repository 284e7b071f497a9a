// What the sync engine needs from the network (see docs/sync.md for the wire
// format). The real one is HttpTransport; tests use a fake.
import type { Mutation, PhotoBlob } from '../db';

export interface PushResult {
  mutationId: string;
  status: 'applied' | 'duplicate' | 'rejected' | 'conflict';
  /** for a duplicate: what happened the first time */
  outcome?: 'applied' | 'rejected' | 'conflict';
  error?: { code?: string; status?: number; message?: string; data?: Record<string, { code?: string; message?: string }> };
  /** a refusal that was not recorded: send the same mutation again later */
  retry?: boolean;
  record?: Record<string, unknown> | null;
}

export interface PullChange {
  collection: string;
  op: 'upsert' | 'delete';
  id: string;
  record?: Record<string, unknown>;
}

export interface PullPage {
  changes: PullChange[];
  cursor: string;
  hasMore: boolean;
  total?: number; // rough size of the working set, when the server tells
  reset?: boolean; // the cursor is too old: start a first sync again
}

/** Where the page after this one starts, known before the page is parsed (see cursorHint). */
export interface CursorHint {
  cursor: string;
  hasMore: boolean;
}

export interface Transport {
  push(clientId: string, mutations: Mutation[]): Promise<PushResult[]>;
  /**
   * One page of the change feed. `onCursor`, when the transport can, is told
   * the page's cursor as soon as the answer is in and before it is parsed,
   * so the next page can be asked for meanwhile; the parsed page is what
   * counts (a hint that differs from it is not used).
   */
  pull(cursor: string, limit: number, onCursor?: (hint: CursorHint) => void): Promise<PullPage>;
  /** Sends one photo ahead of its mutation; idempotent by photo id. */
  uploadPhoto(photo: PhotoBlob, onProgress?: (sent: number) => void): Promise<void>;
}

/** The server answered with an HTTP error. */
export class HttpError extends Error {
  /** `retryAfterMs`: how long the server asked to be left alone (429/503 Retry-After), 0 = not said */
  constructor(public status: number, message: string, public body?: unknown, public retryAfterMs = 0) {
    super(message);
  }
}

/** The server wants a fresh start: the cursor is older than its tombstones. */
export class ResyncError extends Error {}

// When to try again after a failed round: exponential backoff with jitter,
// never sooner than a busy server (429/503 Retry-After) asked.
import { HttpError } from './transport';

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  now: () => number;
  random: () => number;
}

export class Backoff {
  private failures = 0;
  private retryAt = 0;

  constructor(private o: BackoffOptions) {}

  /** Milliseconds until the next automatic try (0 = now). */
  get remaining() {
    return Math.max(0, this.retryAt - this.o.now());
  }

  /** A round succeeded, or a person asked to try at once. */
  reset() {
    this.failures = 0;
    this.retryAt = 0;
  }

  /** Skip the wait once (a person pressed retry); the failure count stays. */
  clearWait() {
    this.retryAt = 0;
  }

  /** A round failed with err: returns how long to wait. */
  failed(err: unknown): number {
    this.failures++;
    const delay = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (this.failures - 1));
    // jitter: many phones coming back at once do not hit the server together;
    // a busy server (429/503) says how long to wait, and that is the least
    const asked = err instanceof HttpError ? err.retryAfterMs : 0;
    const wait = Math.max(asked, Math.round(delay * (0.75 + this.o.random() * 0.5)));
    this.retryAt = this.o.now() + wait;
    return wait;
  }
}

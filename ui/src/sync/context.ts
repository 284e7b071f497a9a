// What the push and pull halves of the engine share: the database, the
// network, and the signals the screens watch.
import type { Signal } from '@preact/signals';
import type { MallDB } from '../db';
import type { Transport } from './transport';

export type SyncPhase = 'idle' | 'pushing' | 'pulling' | 'offline' | 'auth' | 'error';

export interface Progress {
  label: 'pull' | 'photos';
  done: number;
  total: number; // 0 = unknown
}

export interface SyncContext {
  db: MallDB;
  transport: Transport;
  phase: Signal<SyncPhase>;
  progress: Signal<Progress | null>;
  pending: Signal<number>;
}

/** Performance marks for the budget script (docs/benchmarks.md). */
export function mark(name: string) {
  globalThis.performance?.mark?.('mallcare-' + name);
}

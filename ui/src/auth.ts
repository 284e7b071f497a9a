// Sign-in with PocketBase's own auth (users collection). The login is kept in
// localStorage by the SDK, so the app opens signed in after a restart, also
// offline and also with an expired token: work goes on, and the person is
// asked to sign in again once the network is back.
import PocketBase, { type RecordModel } from 'pocketbase';
import { computed, signal } from '@preact/signals';
import { may } from './domain';

export const pb = new PocketBase(globalThis.location?.origin ?? 'http://127.0.0.1');
pb.autoCancellation(false);

export const user = signal<RecordModel | null>(pb.authStore.record);
pb.authStore.onChange(() => {
  user.value = pb.authStore.record;
});

export const canWriteComplaints = computed(() => may(user.value?.role, 'complaintWriters'));

export function tokenExpired(): boolean {
  return !!pb.authStore.token && !pb.authStore.isValid;
}

export function token(): string {
  return pb.authStore.token;
}

const FRESH_KEY = 'mallcare_auth_at';
const REFRESH_AFTER_MS = 60 * 60_000;

/**
 * Signs in. `onToken` runs the moment the token is stored, before the app
 * shell re-renders for the new user (a render is queued as a microtask, the
 * await below resumes after it): the first pull can leave at once.
 */
export async function signIn(email: string, password: string, onToken?: (token: string) => void) {
  const off = onToken && pb.authStore.onChange((tok) => {
    if (tok) onToken(tok);
  });
  try {
    await pb.collection('users').authWithPassword(email, password);
  } finally {
    off?.();
  }
  localStorage.setItem(FRESH_KEY, String(Date.now()));
}

/** Renews a valid token on open (at most hourly) so a long shift does not run into expiry. */
export async function refreshIfOnline() {
  if (!navigator.onLine || !pb.authStore.isValid) return;
  if (Date.now() - Number(localStorage.getItem(FRESH_KEY) ?? 0) < REFRESH_AFTER_MS) return;
  try {
    await pb.collection('users').authRefresh();
    localStorage.setItem(FRESH_KEY, String(Date.now()));
  } catch {
    /* offline or expired: the engine will ask for a new sign-in */
  }
}

export function signOut() {
  pb.authStore.clear();
}

// The admin screens' server calls: the staff routes, the users REST API for
// role changes and deactivation, the shop import and export, and plan
// progress. Shops, templates and plans themselves are written on the local
// store (store.ts) and synced like everything else.
import { pb } from '../auth';

export { plainError } from '../reports/api';

export interface Member {
  id: string; name: string; email: string; phone: string; role: string; malls: string[];
  deactivated: boolean; must_change_password: boolean; manageable: boolean;
}

export async function listStaff(mall?: string): Promise<Member[]> {
  const res = await pb.send('/api/staff', { query: mall ? { mall } : {} });
  return res.items as Member[];
}

export interface NewMember { name: string; email: string; phone: string; role: string; malls: string[] }

/** A new account; the answer holds its one-time password, shown once. */
export function createMember(m: NewMember): Promise<{ member: Member; password: string }> {
  return pb.send('/api/staff', { method: 'POST', body: m });
}

export function resetPassword(id: string): Promise<{ member: Member; password: string }> {
  return pb.send(`/api/staff/${id}/password`, { method: 'POST' });
}

/** Role, malls, name, phone or deactivation: the users REST API (same rules). */
export function updateMember(id: string, fields: Partial<Pick<Member, 'role' | 'malls' | 'name' | 'phone' | 'deactivated'>>) {
  return pb.collection('users').update(id, fields);
}

// --- shops ---------------------------------------------------------------------

export interface ShopRow { line: number; name: string; brand: string; floor: string; booth: string; category: string }
export interface CheckedRow extends ShopRow {
  status: 'new' | 'changed' | 'unchanged' | 'invalid'; reason?: string; shop?: string; changes?: string[];
}
export interface Preview { rows: CheckedRow[]; counts: Record<CheckedRow['status'], number> }

/** Uploads a file for the preview, with upload progress (0–1). */
export function previewImport(mall: string, file: File, onProgress: (share: number) => void): Promise<Preview> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('mall', mall);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/shops/preview');
    xhr.setRequestHeader('Authorization', pb.authStore.token);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: { message?: string } = {};
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status === 200) resolve(body as Preview);
      else reject(new Error(body.message || 'HTTP ' + xhr.status));
    };
    xhr.onerror = () => reject(new TypeError('offline'));
    xhr.send(form);
  });
}

export interface ImportJob { id: string; status: 'running' | 'done' | 'failed'; total: number; done: number; created: number; updated: number; error?: string }

export function startImport(mall: string, rows: ShopRow[]): Promise<ImportJob> {
  return pb.send('/api/shops/import', { method: 'POST', body: { mall, rows } });
}

export async function waitImport(job: ImportJob, onProgress: (j: ImportJob) => void): Promise<ImportJob> {
  let j = job;
  onProgress(j);
  while (j.status === 'running') {
    await new Promise((r) => setTimeout(r, 400));
    j = await pb.send('/api/shops/import/' + j.id, {});
    onProgress(j);
  }
  return j;
}

/** Downloads the mall's shops as .xlsx. */
export async function exportShops(mall: string, code: string) {
  const res = await fetch('/api/shops/export?mall=' + encodeURIComponent(mall), { headers: { Authorization: pb.authStore.token } });
  if (!res.ok) throw new Error((await res.json().catch(() => ({}))).message || 'HTTP ' + res.status);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `商铺_${code}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// --- plans ---------------------------------------------------------------------

export interface PlanProgress { id: string; floor: string; zone: string; period: string; start: string; end: string; assignee: string; target: number; done: number }

export function planProgress(mall: string, month: string): Promise<{ month: string; plans: PlanProgress[] }> {
  return pb.send('/api/reports/plans', { query: { mall, month } });
}

/** Checks edited preview rows again (nothing is written). */
export function recheckImport(mall: string, rows: ShopRow[]): Promise<Preview> {
  return pb.send('/api/shops/import', { method: 'POST', body: { mall, rows, check: true } });
}

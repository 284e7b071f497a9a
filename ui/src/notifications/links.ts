// Where a notice leads: pure, so it is tested without the store.
import type { LocalRecord } from '../db';

/** The relation a notice names its record by, and the record's id. */
export function linkOf(n: LocalRecord): { field: string; id: string } | null {
  for (const field of ['complaint', 'rectification', 'report', 'group_report', 'plan']) {
    const id = n[field];
    if (typeof id === 'string' && id) return { field, id };
  }
  return null;
}

/**
 * Where a notice opens: the record's own screen when this app has one,
 * else the notice's page (which shows what the phone knows of the record).
 * hasRoute says whether a path has a screen.
 */
export function hrefFor(n: LocalRecord, hasRoute: (path: string) => boolean, isAdmin: boolean): string {
  const link = linkOf(n);
  const own = '/notifications/' + n.id;
  if (!link) return own;
  const candidates: Record<string, string[]> = {
    complaint: ['/c/' + link.id],
    rectification: ['/rectifications/' + link.id, '/r/' + link.id],
    report: isAdmin ? ['/reports'] : [],
    group_report: isAdmin ? ['/reports'] : [],
    plan: isAdmin ? ['/admin/plans'] : [],
  };
  return candidates[link.field].find(hasRoute) ?? own;
}


import { describe, expect, it } from 'vitest';
import { hrefFor, linkOf } from './links';
import { notices, terms } from '../domain';

const n = (fields: Record<string, unknown>) => ({ _c: 'notifications', id: 'n1', ...fields });

describe('a notice opens its record', () => {
  it('names its record by the relation the server set', () => {
    expect(linkOf(n({ complaint: 'c1' }))).toEqual({ field: 'complaint', id: 'c1' });
    expect(linkOf(n({ rectification: 'r1', complaint: '' }))).toEqual({ field: 'rectification', id: 'r1' });
    expect(linkOf(n({}))).toBeNull();
  });
  it('every kind the server writes names a relation the app knows', () => {
    for (const k of terms.notificationKinds) {
      const field = (notices as Record<string, string>)[k.code];
      expect(field, k.code).toBeTruthy();
      expect(linkOf(n({ [field]: 'x1' }))?.field).toBe(field);
    }
  });
  it("opens the record's screen when there is one, else the notice's own page", () => {
    const screens = new Set(['/c/c1', '/reports', '/admin/plans']);
    const has = (p: string) => screens.has(p);
    expect(hrefFor(n({ complaint: 'c1' }), has, false)).toBe('/c/c1');
    expect(hrefFor(n({ rectification: 'r1' }), has, false)).toBe('/notifications/n1');
    expect(hrefFor(n({ rectification: 'r1' }), (p) => p === '/rectifications/r1', false)).toBe('/rectifications/r1');
    expect(hrefFor(n({ report: 'p1' }), has, true)).toBe('/reports');
    expect(hrefFor(n({ report: 'p1' }), has, false)).toBe('/notifications/n1');
    expect(hrefFor(n({ plan: 'p1' }), has, true)).toBe('/admin/plans');
  });
});

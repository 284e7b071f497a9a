// Survey points over the REST API (PocketBase SDK), online only: setting up
// a point is desk work for a mall's admin, and its link and poster need the
// server anyway (it signs the code). Points stay out of the phones' sync, so
// no phone stores or pulls them; the API rules let only the mall's admins in.
import { ClientResponseError, type RecordModel } from 'pocketbase';
import { pb } from '../auth';

export interface Point extends RecordModel {
  mall: string;
  name: string;
  kind: string; // domain.PointKinds
  channel: string; // domain.PointChannels
  template: string;
  shop: string;
  valid_from: string;
  valid_until: string;
  active: boolean;
}

export type PointInput = Pick<Point, 'mall' | 'name' | 'kind' | 'channel' | 'template' | 'shop' | 'valid_from' | 'valid_until' | 'active'>;

/** A point's signed link (POST /api/survey-points/{id}/link). */
export interface Link { token: string; path: string; expires: string }

export const listMalls = () => pb.collection('malls').getFullList({ sort: 'code' });

export const listPoints = (mall: string) =>
  pb.collection('survey_points').getFullList<Point>({ filter: pb.filter('mall = {:mall}', { mall }), sort: '-active,name' });

export const getPoint = (id: string) => pb.collection('survey_points').getOne<Point>(id);

export const getMall = (id: string) => pb.collection('malls').getOne(id);

export function savePoint(id: string | null, data: Partial<PointInput>): Promise<Point> {
  return id ? pb.collection('survey_points').update<Point>(id, data) : pb.collection('survey_points').create<Point>(data);
}

/** The active questionnaires a point of the kind may use: the mall's own and the shared defaults. */
export const listTemplates = (mall: string, kind: string) =>
  pb.collection('survey_templates').getFullList({
    filter: pb.filter("(mall = '' || mall = {:mall}) && kind = {:kind} && active = true", { mall, kind }), sort: '-mall,name',
  });

export const listShops = (mall: string) =>
  pb.collection('shops').getFullList({ filter: pb.filter('mall = {:mall}', { mall }), sort: 'floor,name', fields: 'id,name,floor,booth' });

export const mintLink = (id: string) => pb.send<Link>('/api/survey-points/' + encodeURIComponent(id) + '/link', { method: 'POST' });

/** The address a QR code carries: this app's origin and the point's path. */
export const linkURL = (link: Link, origin = location.origin) => origin + link.path;

/** A failed request in words: offline, the server's field messages, or its message. */
export function errorText(err: unknown, offline: string): string {
  if (!(err instanceof ClientResponseError)) return String(err);
  if (err.status === 0) return offline;
  const fields = Object.values((err.response?.data ?? {}) as Record<string, { message?: string }>)
    .map((f) => f?.message).filter(Boolean);
  return fields.length ? fields.join('；') : err.message;
}

// --- days of a mall ------------------------------------------------------------
// The form asks for days (the first and the last, both included); the server
// stores instants: the start of the first day and the start of the day after
// the last, in the mall's time zone.

function offsetMs(t: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - t;
}

/** The instant a day (YYYY-MM-DD) starts in tz, as PocketBase stores dates. */
export function dayStart(day: string, tz: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  let t = wall - offsetMs(wall, tz);
  t = wall - offsetMs(t, tz); // once more, for a day that starts beside a DST change
  return new Date(t).toISOString().replace('T', ' ');
}

/** The day (YYYY-MM-DD) an instant falls on in tz; back one day for an exclusive end. */
export function dayOf(instant: string, tz: string, exclusiveEnd = false): string {
  if (!instant) return '';
  const t = new Date(instant.replace(' ', 'T')).getTime() - (exclusiveEnd ? 1 : 0);
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t));
}

/** The day after a day. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

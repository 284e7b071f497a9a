// The report page's client: the server's reports API (docs/reports.md) and
// the pure period and target arithmetic the page needs. Reports are
// online-only: nothing here is kept in the offline store.
import { ClientResponseError, type RecordModel } from 'pocketbase';
import { pb } from '../auth';
import { kpis } from '../domain';

export type Kind = 'weekly' | 'monthly';

/** A share num/den; value is null when nothing was counted (shown as "—"). */
export interface Ratio { num: number; den: number; value: number | null }
interface SurveyKPI { responses: number; satisfaction: Ratio; avg_score: number | null }

/** The JSON of reports.KPIs (reports/kpi.go): the meaning of each field is documented there. */
export interface KPIs {
  period: string; start: string; end: string;
  received: number; major: number;
  by_channel: Record<string, number>; by_target: Record<string, number>; per_day: number[];
  resolved: number; resolution_rate: Ratio; plan_in_24h: Ratio; avg_hours: number | null;
  resolved_in_24h: Ratio; feedback_in_3_days: Ratio; overdue_open: number;
  callbacks: number; callback_satisfaction: Ratio; callback_on_time: Ratio;
  inspections: number; item_pass: Ratio; issues_found: number; rect_done: number;
  rect_on_time: Ratio; plan_completion: Ratio;
  customer: SurveyKPI; merchant: SurveyKPI;
}

export interface KpiResponse {
  mall: string; mall_code: string; kind: Kind; period: string; label: string; final: boolean;
  kpis: KPIs; history: KPIs[]; total?: number;
  /** the server's verdict for every KPI with a target (reports/assessment.go) */
  targets: Target[];
}

export interface Job {
  id: string; status: 'queued' | 'running' | 'done' | 'failed'; kind: Kind; period: string;
  total: number; done: number; group?: boolean; results: { mall: string; report?: string; group?: string; error?: string }[];
}

/** One mall's column of the HQ comparison (reports/kpi MallFigures). */
export interface MallFigures {
  mall: string; code: string; name: string; kpis: KPIs; targets: (Target & { actual: number | null })[];
  score: number; met: number; missed: number; rank: number;
}

export interface Comparison { kind: Kind; period: string; label: string; final: boolean; malls: MallFigures[] }

/** The malls side by side (the figures of 集团汇总); without period the running one. */
export function fetchComparison(malls: string[], kind: Kind, period?: string): Promise<Comparison> {
  return pb.send('/api/reports/compare', { query: { malls: malls.join(','), kind, ...(period ? { period } : {}) } });
}

/** The group workbooks this admin made. */
export async function listGroupReports(): Promise<RecordModel[]> {
  const res = await pb.collection('group_reports').getList(1, 30, { sort: '-updated', fields: 'id,malls,kind,period,file,updated' });
  return res.items;
}

export interface Link { path: string; url: string; expires: string; name: string }

// --- API ---------------------------------------------------------------------

export function listMalls(): Promise<RecordModel[]> {
  return pb.collection('malls').getFullList({ sort: 'code' });
}

/** Generated reports of one mall, newest period first. */
export async function listReports(mall: string, kind?: Kind): Promise<RecordModel[]> {
  const filter = kind ? pb.filter('mall = {:mall} && kind = {:kind}', { mall, kind }) : pb.filter('mall = {:mall}', { mall });
  const res = await pb.collection('reports').getList(1, 60, { filter, sort: '-period_start,-kind', fields: 'id,mall,kind,period,period_start,period_end,source,file,updated' });
  return res.items;
}

/** The headline KPIs; without period the running one so far. */
export function fetchKpis(mall: string, kind: Kind, period?: string): Promise<KpiResponse> {
  return pb.send('/api/reports/kpis', { query: period ? { mall, kind, period } : { mall, kind } });
}

export function startJob(malls: string[], kind: Kind, period: string, group = false): Promise<Job> {
  return pb.send('/api/reports/generate', { method: 'POST', body: { malls, kind, period, group } });
}

export function fetchJob(id: string): Promise<Job> {
  return pb.send('/api/reports/jobs/' + encodeURIComponent(id), {});
}

export function mintLink(reportId: string): Promise<Link> {
  return pb.send('/api/reports/' + encodeURIComponent(reportId) + '/link', { method: 'POST' });
}

/** Polls a job about every second until it is done or failed. */
export async function waitJob(job: Job, onProgress: (j: Job) => void, everyMs = 1000): Promise<Job> {
  let j = job;
  onProgress(j);
  while (j.status === 'queued' || j.status === 'running') {
    await new Promise((r) => setTimeout(r, everyMs));
    j = await fetchJob(j.id);
    onProgress(j);
  }
  return j;
}

/** An error in plain words: the server's own message (Chinese first), or why the request failed. */
export function plainError(err: unknown, offlineText: string, fallback: string): string {
  if (err instanceof ClientResponseError) {
    if (err.status === 0) return offlineText;
    const msg = (err.response as { message?: string })?.message;
    if (msg && !/^(Something went wrong|Failed to)/i.test(msg)) return msg;
  }
  return fallback;
}

// --- periods (same names as reports/period.go: ISO weeks and calendar months) --

/** A calendar day as UTC midnight, so day arithmetic has no DST surprises. */
function day(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

/** Today's date in the mall's time zone. */
export function todayIn(tz: string, now = new Date()): Date {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz || 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  }
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return day(get('year'), get('month'), get('day'));
}

function isoWeek(d: Date): [number, number] {
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86400_000)) + 1;
  return [year, week];
}

/** The name of the period holding the date d ("2026-W47" or "2026-11"). */
export function periodOf(kind: Kind, d: Date): string {
  if (kind === 'monthly') return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const [y, w] = isoWeek(d);
  return `${y}-W${String(w).padStart(2, '0')}`;
}

/** First and last day of a period. */
export function periodDays(kind: Kind, name: string): [Date, Date] {
  if (kind === 'monthly') {
    const [y, m] = name.split('-').map(Number);
    return [day(y, m, 1), day(y, m + 1, 0)];
  }
  const [y, w] = name.split('-W').map(Number);
  const jan4 = day(y, 1, 4);
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400_000 + (w - 1) * 7 * 86400_000);
  return [monday, new Date(monday.getTime() + 6 * 86400_000)];
}

/** The period n steps from name (n < 0: earlier). */
export function shiftPeriod(kind: Kind, name: string, n: number): string {
  const [first] = periodDays(kind, name);
  if (kind === 'monthly') return periodOf(kind, day(first.getUTCFullYear(), first.getUTCMonth() + 1 + n, 1));
  return periodOf(kind, new Date(first.getTime() + n * 7 * 86400_000));
}

/** The period running today in tz, and the last closed one (the default to generate). */
export function currentPeriod(kind: Kind, tz: string, now = new Date()): string {
  return periodOf(kind, todayIn(tz, now));
}
export function lastClosedPeriod(kind: Kind, tz: string, now = new Date()): string {
  return shiftPeriod(kind, currentPeriod(kind, tz, now), -1);
}

export function periodLabel(kind: Kind, name: string, en: boolean): string {
  const [a, b] = periodDays(kind, name);
  const y = a.getUTCFullYear();
  if (kind === 'monthly') {
    return en ? a.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }) : `${y}年${a.getUTCMonth() + 1}月`;
  }
  const w = Number(name.split('-W')[1]);
  const [wy] = isoWeek(a);
  if (en) {
    const f = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
    return `Week ${w}, ${wy} (${f(a)} – ${f(b)})`;
  }
  return `${wy}年第${w}周（${a.getUTCMonth() + 1}月${a.getUTCDate()}日—${b.getUTCMonth() + 1}月${b.getUTCDate()}日）`;
}

/** Short labels of the days of a period, for the per-day chart ("11/16"). */
export function dayLabels(kind: Kind, name: string, count: number): string[] {
  const [first] = periodDays(kind, name);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(first.getTime() + i * 86400_000);
    return `${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
  });
}

// --- the headline KPIs --------------------------------------------------------
// What the page shows of each KPI. The targets and the verdicts come from the
// server (Target), which checks them once for the workbooks and the app.

export type Format = 'percent' | 'hours' | 'count';

export interface Target { key: string; target: string; met: boolean | null }

export interface Headline {
  key: string;
  zh: string; en: string;
  format: Format;
  value: (k: KPIs) => number | null;
}

/** A headline by its KPI key: the name is the server's one (domain.KPIs). */
function headline(key: string, format: Format, value: Headline['value']): Headline {
  const k = kpis.find((x) => x.key === key);
  if (!k) throw new Error('unknown KPI ' + key);
  return { key, zh: k.zh, en: k.en, format, value };
}

export const headlines: Headline[] = [
  headline('received', 'count', (k) => k.received),
  headline('major', 'count', (k) => k.major),
  headline('resolution_rate', 'percent', (k) => k.resolution_rate.value),
  headline('plan_in_24h', 'percent', (k) => k.plan_in_24h.value),
  headline('avg_hours', 'hours', (k) => k.avg_hours),
  headline('resolved_in_24h', 'percent', (k) => k.resolved_in_24h.value),
  headline('feedback_in_3_days', 'percent', (k) => k.feedback_in_3_days.value),
  headline('callback_on_time', 'percent', (k) => k.callback_on_time.value),
  headline('overdue_open', 'count', (k) => k.overdue_open),
  headline('rect_on_time', 'percent', (k) => k.rect_on_time.value),
  headline('plan_completion', 'percent', (k) => k.plan_completion.value),
  headline('customer_satisfaction', 'percent', (k) => k.customer.satisfaction.value),
  headline('merchant_satisfaction', 'percent', (k) => k.merchant.satisfaction.value),
];

/** A figure as shown: "—" when nothing was counted. */
export function formatValue(v: number | null | undefined, f: Format, en: boolean): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (f === 'percent') return (Math.round(v * 1000) / 10).toFixed(1).replace(/\.0$/, '') + '%';
  if (f === 'hours') return v.toFixed(1) + (en ? ' h' : ' 小时');
  return String(v);
}

/** The server's target for a headline; none for plain counts. */
export function targetOf(h: Headline, targets: Target[]): Target | undefined {
  return targets.find((t) => t.key === h.key);
}

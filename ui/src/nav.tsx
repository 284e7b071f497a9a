// The app's screens and its bottom navigation, as data: each feature folder
// exports its routes and tabs (routes.tsx) and they are listed here once.
// A tab shows only to the roles that may use it (domain rules: may()).
import type { JSX } from 'preact';
import type { Mutation } from './db';
import { may, type Capability } from './domain';
import { routes as accountRoutes, tabs as accountTabs } from './account/routes';
import { routes as complaintRoutes, tabs as complaintTabs } from './complaints/routes';
import { routes as outboxRoutes, tabs as outboxTabs } from './outbox/routes';
import { routes as reportRoutes, tabs as reportTabs } from './reports/routes';
import { routes as noticeRoutes } from './notifications/routes';
import { routes as adminRoutes, tabs as adminTabs } from './admin/routes';
import { routes as surveyPointRoutes, tabs as surveyPointTabs } from './surveypoints/routes';
import { routes as roundRoutes, tabs as roundTabs } from './rounds/routes';
import { routes as inspectionRoutes, tabs as inspectionTabs, words as inspectionWords } from './inspections/routes';
import { routes as rectificationRoutes, tabs as rectificationTabs, words as rectificationWords } from './rectifications/routes';
import { routes as surveyRoutes, tabs as surveyTabs, words as surveyWords } from './surveys/routes';

export interface Route {
  /** matched against the hash path; groups become the params */
  pattern: RegExp;
  render: (params: string[]) => JSX.Element;
  /** the tab that stays highlighted on this screen */
  tab: string;
}

export interface Tab {
  href: string; // the hash path, e.g. "/outbox"
  icon: () => JSX.Element;
  label: () => string;
  /** who sees it; everyone when absent */
  may?: Capability;
  /** who has it in the bar itself; the others who see it find it under 更多 (everyone when absent) */
  main?: Capability;
  /** a count to show beside the label (unsent changes, unread notices) */
  badge?: () => number;
  /** order in the bar: lower first */
  order: number;
  testId?: string;
}

export const routes: Route[] = [
  ...complaintRoutes, ...outboxRoutes, ...reportRoutes, ...accountRoutes, ...noticeRoutes, ...adminRoutes,
  ...surveyPointRoutes, ...roundRoutes, ...inspectionRoutes, ...rectificationRoutes, ...surveyRoutes,
];

// The inbox is the bell in the header (NoticeBell), always in sight, not a tab.
export const tabs: Tab[] = [
  ...complaintTabs, ...outboxTabs, ...reportTabs, ...accountTabs, ...adminTabs, ...surveyPointTabs,
  ...roundTabs, ...inspectionTabs, ...rectificationTabs, ...surveyTabs,
].sort((a, b) => a.order - b.order);

/**
 * An outbox entry in words ("巡检 3F 提交") and the screen of its record, per
 * collection; it may read the local store (the outbox screen re-reads when
 * it changes).
 */
export type OutboxWords = (m: Mutation) => Promise<{ text: string; href?: string }>;

export const outboxWords: Record<string, OutboxWords> = { ...inspectionWords, ...rectificationWords, ...surveyWords };

/** The screen of the tabs that did not fit in the bar. */
export const MORE = '/more';

/** How many tabs the bar holds at 360 px (each at least 72 px wide). */
export const BAR_SLOTS = 5;

/**
 * The bottom bar of a role: its tabs in order, as many as fit; when they do
 * not all fit, or some are not the role's own (main), the bar keeps its own
 * first and ends with 更多, which lists the rest.
 */
export function barFor(role: unknown): { bar: Tab[]; more: Tab[] } {
  const visible = tabs.filter((tab) => !tab.may || may(role, tab.may));
  const own = visible.filter((tab) => !tab.main || may(role, tab.main));
  if (own.length === visible.length && visible.length <= BAR_SLOTS) return { bar: visible, more: [] };
  const bar = own.slice(0, BAR_SLOTS - 1);
  return { bar, more: visible.filter((tab) => !bar.includes(tab)) };
}

/** The path a role starts on: its first tab. */
export function homeFor(role: unknown): string {
  return barFor(role).bar[0]?.href ?? '/';
}

/** The screen for a path ("/" is the role's home): the first matching route, else the home screen. */
export function resolve(path: string, role?: unknown): { route: Route; params: string[] } {
  if (path === '/' && role !== undefined) path = homeFor(role);
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1) };
  }
  return { route: routes[0], params: [] };
}

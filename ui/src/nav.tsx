// The app's screens and its bottom navigation, as data: each feature folder
// exports its routes and tabs (routes.tsx) and they are listed here once.
// A tab shows only to the roles that may use it (domain rules: may()).
import type { JSX } from 'preact';
import type { Capability } from './domain';
import { routes as accountRoutes, tabs as accountTabs } from './account/routes';
import { routes as complaintRoutes, tabs as complaintTabs } from './complaints/routes';
import { routes as outboxRoutes, tabs as outboxTabs } from './outbox/routes';
import { routes as reportRoutes, tabs as reportTabs } from './reports/routes';
import { routes as noticeRoutes, tabs as noticeTabs } from './notifications/routes';
import { routes as adminRoutes, tabs as adminTabs } from './admin/routes';
import { routes as surveyPointRoutes, tabs as surveyPointTabs } from './surveypoints/routes';

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
  /** a count to show beside the label (unsent changes, unread notices) */
  badge?: () => number;
  /** order in the bar: lower first */
  order: number;
  testId?: string;
}

export const routes: Route[] = [...complaintRoutes, ...outboxRoutes, ...reportRoutes, ...accountRoutes, ...noticeRoutes, ...adminRoutes, ...surveyPointRoutes];

export const tabs: Tab[] = [...complaintTabs, ...outboxTabs, ...reportTabs, ...accountTabs, ...noticeTabs, ...adminTabs, ...surveyPointTabs].sort((a, b) => a.order - b.order);

/** The screen for a path: the first matching route, else the home screen. */
export function resolve(path: string): { route: Route; params: string[] } {
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1) };
  }
  return { route: routes[0], params: [] };
}

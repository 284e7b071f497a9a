import type { LocalRecord } from '../db';
import { user } from '../auth';
import { may } from '../domain';
import type { Route } from '../nav';
import { routes as allRoutes } from '../nav';
import { Inbox, NoticePage } from './Inbox';
import { watch } from './store';
import { hrefFor } from './links';
import './notifications.css';

/** Where a notice opens in this app (a record screen, else its own page). */
export function noticeHref(n: LocalRecord): string {
  return hrefFor(n, (path) => allRoutes.some((r) => r.pattern.test(path)), may(user.value?.role, 'mallAdmins'));
}

export const routes: Route[] = [
  { pattern: /^\/notifications$/, render: () => <Inbox />, tab: '/notifications' },
  { pattern: /^\/notifications\/([a-z0-9]+)$/, render: ([id]) => <NoticePage id={id} />, tab: '/notifications' },
];

// the badge and the system notifications run for whoever is signed in
watch(noticeHref);

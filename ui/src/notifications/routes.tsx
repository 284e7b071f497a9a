import type { LocalRecord } from '../db';
import { user } from '../auth';
import { may } from '../domain';
import type { Route, Tab } from '../nav';
import { routes as allRoutes } from '../nav';
import { Icon } from '../components/Icon';
import { Inbox, NoticePage } from './Inbox';
import { unread, watch } from './store';
import { hrefFor } from './links';
import { tn } from './strings';
import './notifications.css';

/** Where a notice opens in this app (a record screen, else its own page). */
export function noticeHref(n: LocalRecord): string {
  return hrefFor(n, (path) => allRoutes.some((r) => r.pattern.test(path)), may(user.value?.role, 'mallAdmins'));
}

export const routes: Route[] = [
  { pattern: /^\/notifications$/, render: () => <Inbox />, tab: '/notifications' },
  { pattern: /^\/notifications\/([a-z0-9]+)$/, render: ([id]) => <NoticePage id={id} />, tab: '/notifications' },
];

export const tabs: Tab[] = [
  { href: '/notifications', icon: () => <Icon name="bell" />, label: () => tn('inbox'), badge: () => unread.value, order: 20, testId: 'nav-notifications' },
];

// the badge and the system notifications run for whoever is signed in
watch(noticeHref);

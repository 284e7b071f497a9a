import { t } from '../i18n';
import type { Route, Tab } from '../nav';
import { Icon } from '../components/Icon';
import { ComplaintDetail } from './ComplaintDetail';
import { ComplaintForm } from './ComplaintForm';
import { ComplaintList } from './ComplaintList';

// The complaint list is the home screen of complaint staff (the first route,
// and "/" for the roles whose first tab it is).
export const routes: Route[] = [
  { pattern: /^\/(?:complaints)?$/, render: () => <ComplaintList />, tab: '/complaints' },
  { pattern: /^\/new$/, render: () => <ComplaintForm />, tab: '/complaints' },
  { pattern: /^\/c\/([a-z0-9]+)$/, render: ([id]) => <ComplaintDetail id={id} />, tab: '/complaints' },
];

export const tabs: Tab[] = [
  { href: '/complaints', icon: () => <Icon name="list" />, label: () => t('complaints'), main: 'complaintWriters', order: 10 },
];

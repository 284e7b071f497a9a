import { t } from '../i18n';
import type { Route, Tab } from '../nav';
import { Icon } from '../components/Icon';
import { ComplaintDetail } from './ComplaintDetail';
import { ComplaintForm } from './ComplaintForm';
import { ComplaintList } from './ComplaintList';

// The complaint list is the home screen (the first route).
export const routes: Route[] = [
  { pattern: /^\/$/, render: () => <ComplaintList />, tab: '/' },
  { pattern: /^\/new$/, render: () => <ComplaintForm />, tab: '/' },
  { pattern: /^\/c\/([a-z0-9]+)$/, render: ([id]) => <ComplaintDetail id={id} />, tab: '/' },
];

export const tabs: Tab[] = [
  { href: '/', icon: () => <Icon name="list" />, label: () => t('complaints'), order: 10 },
];

import { t } from '../i18n';
import { lazy } from '../lazy';
import type { Route, Tab } from '../nav';
import { Icon } from '../components/Icon';

// Admins only: loaded when first opened.
const Reports = lazy(() => import('./Reports'), 'Reports');

export const routes: Route[] = [{ pattern: /^\/reports$/, render: () => <Reports />, tab: '/reports' }];

export const tabs: Tab[] = [
  { href: '/reports', icon: () => <Icon name="reports" />, label: () => t('reports'), may: 'mallAdmins', order: 15, testId: 'nav-reports' },
];

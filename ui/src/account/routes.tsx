import { t } from '../i18n';
import type { Route, Tab } from '../nav';
import { Icon } from '../components/Icon';
import { Settings } from './Settings';

export const routes: Route[] = [{ pattern: /^\/settings$/, render: () => <Settings />, tab: '/settings' }];

export const tabs: Tab[] = [
  { href: '/settings', icon: () => <Icon name="settings" />, label: () => t('settings'), order: 90 },
];

import { t } from '../i18n';
import type { Route, Tab } from '../nav';
import { engine } from '../store';
import { Icon } from '../components/Icon';
import { Outbox } from './Outbox';

export const routes: Route[] = [{ pattern: /^\/outbox$/, render: () => <Outbox />, tab: '/outbox' }];

export const tabs: Tab[] = [
  { href: '/outbox', icon: () => <Icon name="outbox" />, label: () => t('outbox'), badge: () => engine.pending.value, order: 80 },
];

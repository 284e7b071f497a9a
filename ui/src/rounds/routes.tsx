import { lazy } from '../lazy';
import type { Route, Tab } from '../nav';
import { Icon } from '../components/Icon';
import { dictionary } from '../i18n';

// the tab's name only: the screens' words (strings.ts) load with the screens
const tab = dictionary({ rounds: '巡检计划' }, { rounds: 'Rounds' });

// The inspectors' home; loaded when first opened (others may never).
const Rounds = lazy(() => import('./Rounds'), 'Rounds');

export const routes: Route[] = [{ pattern: /^\/rounds$/, render: () => <Rounds />, tab: '/rounds' }];

export const tabs: Tab[] = [
  { href: '/rounds', icon: () => <Icon name="rounds" />, label: () => tab('rounds'), may: 'inspectionRoles', order: 20, testId: 'nav-rounds' },
];

import { lazy, lazyWords } from '../lazy';
import type { Route, Tab } from '../nav';
import { Icon } from '../components/Icon';
import { dictionary } from '../i18n';

// the tab's name only: the screens' words (strings.ts) load with the screens
const tab = dictionary({ rectifications: '整改' }, { rectifications: 'Rectifications' });

// Loaded when first opened (service staff never do), precached for offline use.
const RectificationList = lazy<{ query?: string }>(() => import('./RectificationList'), 'RectificationList');
const RectificationDetail = lazy<{ id: string }>(() => import('./RectificationDetail'), 'RectificationDetail');

export const routes: Route[] = [
  { pattern: /^\/rectifications(?:\?(.*))?$/, render: ([q]) => <RectificationList key={q ?? ''} query={q ?? ''} />, tab: '/rectifications' },
  { pattern: /^\/rectifications\/([a-z0-9]+)$/, render: ([id]) => <RectificationDetail id={id} />, tab: '/rectifications' },
];

export const tabs: Tab[] = [
  { href: '/rectifications', icon: () => <Icon name="rectify" />, label: () => tab('rectifications'), may: 'inspectionRoles', order: 40, testId: 'nav-rectifications' },
];

export const words = lazyWords(() => import('./words'), ['rectifications']);

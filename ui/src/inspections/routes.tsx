import { lazy, lazyWords } from '../lazy';
import type { Route, Tab } from '../nav';
import { Icon } from '../components/Icon';
import { dictionary } from '../i18n';

// the tab's name only: the screens' words (strings.ts) load with the screens
const tab = dictionary({ inspections: '巡检' }, { inspections: 'Inspections' });

// Inspection screens load when first opened (service staff never do); their
// chunk is precached for offline use.
const InspectionList = lazy(() => import('./InspectionList'), 'InspectionList');
const NewInspection = lazy<{ query: string }>(() => import('./NewInspection'), 'NewInspection');
const RunInspection = lazy<{ id: string }>(() => import('./RunInspection'), 'RunInspection');
const InspectionDetail = lazy<{ id: string }>(() => import('./InspectionDetail'), 'InspectionDetail');

export const routes: Route[] = [
  { pattern: /^\/inspections$/, render: () => <InspectionList />, tab: '/inspections' },
  { pattern: /^\/inspections\/new(?:\?(.*))?$/, render: ([q]) => <NewInspection query={q ?? ''} />, tab: '/inspections' },
  { pattern: /^\/inspections\/run\/([a-z0-9]+)$/, render: ([id]) => <RunInspection id={id} />, tab: '/inspections' },
  { pattern: /^\/inspections\/([a-z0-9]+)$/, render: ([id]) => <InspectionDetail id={id} />, tab: '/inspections' },
];

export const tabs: Tab[] = [
  { href: '/inspections', icon: () => <Icon name="inspect" />, label: () => tab('inspections'), may: 'inspectionRoles', order: 30, testId: 'nav-inspections' },
];

export const words = lazyWords(() => import('./words'), ['inspections', 'inspection_results']);

import { lazy } from '../lazy';
import type { Route, Tab } from '../nav';
import { sp } from './strings';

// Admins only: loaded when first opened.
const PointList = lazy(() => import('./PointList'), 'PointList');
const PointForm = lazy<{ id?: string }>(() => import('./PointForm'), 'PointForm');
const Poster = lazy<{ id: string }>(() => import('./Poster'), 'Poster');

export const routes: Route[] = [
  { pattern: /^\/survey-points$/, render: () => <PointList />, tab: '/survey-points' },
  { pattern: /^\/survey-points\/new$/, render: () => <PointForm />, tab: '/survey-points' },
  { pattern: /^\/survey-points\/([a-z0-9]+)$/, render: ([id]) => <PointForm id={id} />, tab: '/survey-points' },
  { pattern: /^\/survey-points\/([a-z0-9]+)\/poster$/, render: ([id]) => <Poster id={id} />, tab: '/survey-points' },
];

function QRIcon() {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round">
      <path d="M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 18h2v2h-2zM14 18h2M18 14h2" />
    </svg>
  );
}

export const tabs: Tab[] = [
  { href: '/survey-points', icon: () => <QRIcon />, label: () => sp('points'), may: 'mallAdmins', order: 75, testId: 'nav-survey-points' },
];

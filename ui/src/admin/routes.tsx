import type { JSX } from 'preact';
import { user } from '../auth';
import { may } from '../domain';
import { lazy } from '../lazy';
import type { Route, Tab } from '../nav';
import { Icon } from '../components/Icon';
import { ta } from './strings';

// Admins only: loaded when first opened.
const Hub = lazy(() => import('./screens'), 'Hub');
const Staff = lazy(() => import('./screens'), 'Staff');
const Shops = lazy(() => import('./screens'), 'Shops');
const Templates = lazy(() => import('./screens'), 'Templates');
const TemplateEditor = lazy<{ kind: 'inspection' | 'survey'; id: string }>(() => import('./screens'), 'TemplateEditor');
const Plans = lazy(() => import('./screens'), 'Plans');

/** The admin screens say plainly who they are for (the server refuses others anyway). */
function only(screen: (params: string[]) => JSX.Element) {
  return (params: string[]) => (may(user.value?.role, 'mallAdmins')
    ? screen(params)
    : <p class="notice" role="alert" data-testid="admin-only">{ta('adminOnly')}</p>);
}

export const routes: Route[] = [
  { pattern: /^\/admin$/, render: only(() => <Hub />), tab: '/admin' },
  { pattern: /^\/admin\/staff$/, render: only(() => <Staff />), tab: '/admin' },
  { pattern: /^\/admin\/shops$/, render: only(() => <Shops />), tab: '/admin' },
  { pattern: /^\/admin\/templates$/, render: only(() => <Templates />), tab: '/admin' },
  { pattern: /^\/admin\/templates\/(inspection|survey)\/([a-z0-9-]+)$/, render: only(([kind, id]) => <TemplateEditor kind={kind as 'inspection' | 'survey'} id={id} />), tab: '/admin' },
  { pattern: /^\/admin\/plans$/, render: only(() => <Plans />), tab: '/admin' },
];

export const tabs: Tab[] = [
  { href: '/admin', icon: () => <Icon name="admin" />, label: () => ta('admin'), may: 'mallAdmins', order: 16, testId: 'nav-admin' },
];

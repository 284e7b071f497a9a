import { useEffect } from 'preact/hooks';
import { refreshIfOnline, user } from './auth';
import { t } from './i18n';
import { route } from './router';
import { checkStorage, nearlyFull, persisted } from './storage';
import { engine, startSync } from './store';
import { SyncBadge, SyncProgress } from './components/SyncBadge';
import { ComplaintDetail } from './complaints/ComplaintDetail';
import { ComplaintForm } from './complaints/ComplaintForm';
import { ComplaintList } from './complaints/ComplaintList';
import { Login } from './account/Login';
import { Outbox } from './outbox/Outbox';
import { Settings } from './account/Settings';
import { Reports } from './reports/Reports';
import { ReportsIcon } from './components/Chart';
import { Icon } from './components/Icon';

export function App() {
  const signedIn = !!user.value;
  useEffect(() => {
    if (!signedIn) return;
    void refreshIfOnline().then(() => startSync());
    void checkStorage(true);
  }, [signedIn]);

  if (!signedIn) {
    return <main class="shell center"><Login /></main>;
  }
  const r = route.value;
  let screen;
  if (r === '/new') screen = <ComplaintForm />;
  else if (r.startsWith('/c/')) screen = <ComplaintDetail id={r.slice(3)} />;
  else if (r === '/outbox') screen = <Outbox />;
  else if (r === '/settings') screen = <Settings />;
  else if (r === '/reports') screen = <Reports />;
  else screen = <ComplaintList />;
  const tab = r.startsWith('/c/') || r === '/new' || r === '/' ? '/' : r;
  return (
    <div class="shell">
      <header class="top">
        <span class="brand">{t('app')}</span>
        <SyncBadge />
      </header>
      <SyncProgress />
      {(nearlyFull() || (persisted.value === false && engine.pending.value > 0)) && (
        <a class="storage-warn" href="#/settings" role="note">{nearlyFull() ? t('storageFull') : t('storageRisk')}</a>
      )}
      {engine.needsLogin.value && (
        <div class="modal" role="dialog" aria-modal="true" aria-labelledby="login-title">
          <Login again onLater={() => (engine.needsLogin.value = false)} />
        </div>
      )}
      <main id="main">{screen}</main>
      <nav class="tabs" aria-label={t('app')}>
        <a href="#/" aria-current={tab === '/' ? 'page' : undefined}><Icon name="list" /><span>{t('complaints')}</span></a>
        <a href="#/outbox" aria-current={tab === '/outbox' ? 'page' : undefined}><Icon name="outbox" /><span>{t('outbox')}{engine.pending.value ? ` (${engine.pending.value})` : ''}</span></a>
        {user.value?.role === 'admin' && (
          <a href="#/reports" aria-current={tab === '/reports' ? 'page' : undefined} data-testid="nav-reports"><ReportsIcon /><span>{t('reports')}</span></a>
        )}
        <a href="#/settings" aria-current={tab === '/settings' ? 'page' : undefined}><Icon name="settings" /><span>{t('settings')}</span></a>
      </nav>
    </div>
  );
}

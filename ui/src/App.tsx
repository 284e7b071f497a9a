import { useEffect } from 'preact/hooks';
import { refreshIfOnline, user } from './auth';
import { t } from './i18n';
import { MORE, resolve } from './nav';
import { route } from './router';
import { checkStorage, nearlyFull, persisted } from './storage';
import { engine, startSync } from './store';
import { SyncBadge, SyncProgress } from './components/SyncBadge';
import { Login } from './account/Login';
import { DeactivatedNotice, SetOwnPassword } from './account/AccountState';
import { MoreScreen, TabBar } from './components/TabBar';
import { NoticeBell } from './notifications/NoticeBell';

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
  if (user.value?.must_change_password) {
    return <main class="shell center"><SetOwnPassword /></main>;
  }
  const role = user.value?.role;
  const path = route.value;
  const { route: current, params } = resolve(path, role);
  return (
    <div class="shell">
      <header class="top">
        <span class="brand">{t('app')}</span>
        <NoticeBell />
        <SyncBadge />
      </header>
      <SyncProgress />
      <DeactivatedNotice />
      {(nearlyFull() || (persisted.value === false && engine.pending.value > 0)) && (
        <p class="storage-warn" role="note"><a href="#/settings">{nearlyFull() ? t('storageFull') : t('storageRisk')}</a></p>
      )}
      {engine.needsLogin.value && (
        <div class="modal" role="dialog" aria-modal="true" aria-labelledby="login-title">
          <Login again onLater={() => (engine.needsLogin.value = false)} />
        </div>
      )}
      <main id="main">{path === MORE ? <MoreScreen role={role} /> : current.render(params)}</main>
      <TabBar role={role} current={path === MORE ? MORE : current.tab} />
    </div>
  );
}

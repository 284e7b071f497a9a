import { useEffect } from 'preact/hooks';
import { refreshIfOnline, user } from './auth';
import { may } from './domain';
import { t } from './i18n';
import { resolve, tabs } from './nav';
import { route } from './router';
import { checkStorage, nearlyFull, persisted } from './storage';
import { engine, startSync } from './store';
import { SyncBadge, SyncProgress } from './components/SyncBadge';
import { Login } from './account/Login';
import { DeactivatedNotice, SetOwnPassword } from './account/AccountState';

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
  const { route: current, params } = resolve(route.value);
  const role = user.value?.role;
  return (
    <div class="shell">
      <header class="top">
        <span class="brand">{t('app')}</span>
        <SyncBadge />
      </header>
      <SyncProgress />
      <DeactivatedNotice />
      {(nearlyFull() || (persisted.value === false && engine.pending.value > 0)) && (
        <a class="storage-warn" href="#/settings" role="note">{nearlyFull() ? t('storageFull') : t('storageRisk')}</a>
      )}
      {engine.needsLogin.value && (
        <div class="modal" role="dialog" aria-modal="true" aria-labelledby="login-title">
          <Login again onLater={() => (engine.needsLogin.value = false)} />
        </div>
      )}
      <main id="main">{current.render(params)}</main>
      <nav class="tabs" aria-label={t('app')}>
        {tabs.filter((tab) => !tab.may || may(role, tab.may)).map((tab) => {
          const n = tab.badge?.() ?? 0;
          return (
            <a key={tab.href} href={'#' + tab.href} aria-current={current.tab === tab.href ? 'page' : undefined} data-testid={tab.testId}>
              {tab.icon()}<span>{tab.label()}{n ? ` (${n})` : ''}</span>
            </a>
          );
        })}
      </nav>
    </div>
  );
}

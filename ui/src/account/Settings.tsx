import { signOut, user } from '../auth';
import { fmtBytes, label, lang, setLang, t } from '../i18n';
import { checkStorage, nearlyFull, persisted, usage } from '../storage';
import { db, engine, forgetAccountData } from '../store';
import { needRefresh, updateApp } from '../update';
import { useLive } from '../live';

export function Settings() {
  const malls = useLive(() => db.all('malls'), [], []);
  const u = user.value;
  const doSignOut = async () => {
    const unsent = await db.outbox.count();
    if (unsent && !confirm(t('signOutUnsent', { n: unsent }))) return;
    signOut();
    await forgetAccountData();
    engine.needsLogin.value = false;
  };
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings')}</h1>
      <div class="card">
        <h2>{t('account')}</h2>
        <p>{u?.name || u?.email} · {label('role', u?.role)}</p>
        <p class="muted">{((u?.malls as string[]) ?? []).map((m) => (malls.find((r) => r.id === m)?.name as string) ?? m).join('、')}</p>
        <button class="danger" onClick={doSignOut} data-testid="sign-out">{t('signOut')}</button>
      </div>
      <div class="card">
        <h2>{t('language')}</h2>
        <div class="seg" role="group" aria-label={t('language')}>
          <button class={'seg-btn' + (lang.value === 'zh' ? ' on' : '')} aria-pressed={lang.value === 'zh'} onClick={() => setLang('zh')}>中文</button>
          <button class={'seg-btn' + (lang.value === 'en' ? ' on' : '')} aria-pressed={lang.value === 'en'} onClick={() => setLang('en')}>English</button>
        </div>
      </div>
      <div class="card" data-testid="storage">
        <h2>{t('storage')}</h2>
        {usage.value && <p>{t('storageUse', { used: fmtBytes(usage.value.used), quota: fmtBytes(usage.value.quota) })}</p>}
        {nearlyFull() && <p class="warn" role="note">{t('storageFull')}</p>}
        {persisted.value ? <p>✓ {t('persisted')}</p> : (
          <>
            <p class="warn" role="note">{t('notPersisted')}</p>
            <button onClick={() => checkStorage(true)}>{t('requestPersist')}</button>
          </>
        )}
      </div>
      {needRefresh.value && (
        <div class="card">
          <h2>{t('update')}</h2>
          <button class="primary" onClick={updateApp}>{t('updateNow')}</button>
        </div>
      )}
    </section>
  );
}

import { useState } from 'preact/hooks';
import { signIn, token, user } from '../auth';
import { t } from '../i18n';
import { engine } from '../store';
import { mark } from '../sync/context';

/** Sign-in, also used to sign in again after the token expired. */
export function Login({ again, onLater }: { again?: boolean; onLater?: () => void }) {
  const [email, setEmail] = useState(user.value?.email ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!navigator.onLine) {
      setError(t('signInOffline'));
      return;
    }
    setBusy(true);
    setError('');
    mark('signin');
    try {
      // the sync starts with the token; the second call joins that round
      await signIn(email.trim(), password, (tok) => {
        mark('token');
        void engine.loggedIn(tok);
      });
      void engine.loggedIn(token());
    } catch (err) {
      // a refusal in words (a deactivated account) rather than "wrong password"
      const status = (err as { status?: number })?.status;
      const msg = (err as { response?: { message?: string } })?.response?.message;
      setError(status === 403 && msg ? msg : t('signInFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card login" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{again ? t('signIn') : t('app')}</h1>
      {again && <p class="notice">{t('signInAgain')}</p>}
      <label>
        {t('email')}
        <input type="email" name="email" autoComplete="username" required value={email}
          onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      <label>
        {t('password')}
        <input type="password" name="password" autoComplete="current-password" required value={password}
          onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button class="primary" type="submit" disabled={busy}>{t('signIn')}</button>
      {onLater && <button type="button" onClick={onLater}>{t('later')}</button>}
    </form>
  );
}

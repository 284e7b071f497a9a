// What the server says of this person's account, shown in words: a
// one-time password must be replaced before anything else, and a
// deactivated account is told so (its unsent work stays on the phone).
import { useEffect, useState } from 'preact/hooks';
import { pb, signOut, user } from '../auth';
import { messages } from '../domain';
import { engine, forgetAccountData, stopListening } from '../store';
import { t } from '../i18n';
import { plainError } from '../reports/api';
import { tp } from './strings';

/** The server refused this account as deactivated (sync, realtime or sign-in). */
export function isDeactivated(message: string | null | undefined): boolean {
  return !!message && message.startsWith(messages.deactivated);
}

export function DeactivatedNotice() {
  const off = isDeactivated(engine.lastError.value);
  // the server refuses its realtime subscription: stop asking
  useEffect(() => { if (off) void stopListening(); }, [off]);
  if (!off) return null;
  return (
    <div class="warn account-state" role="alert" data-testid="deactivated">
      <strong>{tp('deactivatedTitle')}</strong>
      <p>{tp('deactivatedBody')}</p>
    </div>
  );
}

export function SetOwnPassword() {
  const [pw, setPw] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (pw.length < 8) return setError(tp('tooShort'));
    if (pw !== again) return setError(tp('differ'));
    setBusy(true);
    setError('');
    try {
      const res = await pb.send('/api/staff/me/password', { method: 'POST', body: { password: pw, passwordConfirm: again } });
      pb.authStore.save(res.token, res.record);
      void engine.loggedIn();
    } catch (err) {
      setError(plainError(err, t('signInOffline'), t('signInFailed')));
    } finally {
      setBusy(false);
    }
  };
  const leave = async () => {
    signOut();
    await forgetAccountData();
  };
  return (
    <form class="card login" onSubmit={submit} aria-labelledby="set-pw-title" data-testid="set-password">
      <h1 id="set-pw-title">{tp('setTitle')}</h1>
      <p class="notice">{tp('setBody')}</p>
      <p class="muted">{String(user.value?.email ?? '')}</p>
      <label>{tp('newPassword')}
        <input type="password" name="new-password" autoComplete="new-password" required minLength={8} value={pw} onInput={(e) => setPw(e.currentTarget.value)} />
      </label>
      <label>{tp('repeat')}
        <input type="password" name="repeat-password" autoComplete="new-password" required minLength={8} value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button class="primary" type="submit" disabled={busy} data-testid="save-password">{tp('setSave')}</button>
      <button type="button" onClick={leave}>{t('signOut')}</button>
    </form>
  );
}

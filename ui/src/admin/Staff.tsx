// 员工: the people of the admin's malls. New accounts and resets show a
// one-time password once; role changes and deactivation go through the
// users API, which enforces the same rules (only one's own malls, nobody
// above admin, never oneself, a mall keeps an admin).
import { useEffect, useState } from 'preact/hooks';
import { user } from '../auth';
import { options } from '../domain';
import { label } from '../i18n';
import { online } from '../store';
import { syncNow } from '../store';
import { Back, MallPicker, useMall } from './common';
import { createMember, listStaff, plainError, resetPassword, updateMember, type Member } from './api';
import { ta } from './strings';

const err = (e: unknown) => plainError(e, ta('onlineOnly'), ta('failed', { msg: String((e as Error)?.message ?? e) }));

export function Staff() {
  const [malls, mall, setMall] = useMall();
  const [list, setList] = useState<Member[] | null>(null);
  const [error, setError] = useState('');
  const [q, setQ] = useState('');
  const [version, setVersion] = useState(0);
  const [once, setOnce] = useState<{ name: string; password: string } | null>(null);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    if (!mall || !online.value) return;
    let live = true;
    listStaff(mall).then((l) => live && (setList(l), setError(''))).catch((e) => live && setError(err(e)));
    return () => { live = false; };
  }, [mall, version, online.value]);

  const refresh = () => { setVersion((v) => v + 1); void syncNow(); };
  const act = async (fn: () => Promise<unknown>) => {
    setError('');
    try { await fn(); refresh(); } catch (e) { setError(err(e)); }
  };
  const needle = q.trim().toLowerCase();
  const shown = (list ?? []).filter((m) => !needle || [m.name, m.email, m.phone].join(' ').toLowerCase().includes(needle));
  const mallName = (id: string) => String(malls.find((m) => m.id === id)?.code ?? '…');

  return (
    <section aria-labelledby="staff-title" class="admin">
      <Back />
      <h1 id="staff-title">{ta('staff')}</h1>
      <MallPicker malls={malls} mall={mall} onPick={setMall} />
      {!online.value && <p class="warn" role="status">{ta('onlineOnly')}</p>}
      {error && <p class="error" role="alert" data-testid="staff-error">{error}</p>}
      {once && <OncePassword {...once} onDone={() => setOnce(null)} />}
      <div class="toolbar">
        <label class="search">
          <span class="sr-only">{ta('staffSearch')}</span>
          <input type="search" placeholder={ta('staffSearch')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <button class="primary" onClick={() => setAdding(!adding)} aria-expanded={adding} data-testid="add-staff">＋ {ta('addStaff')}</button>
      </div>
      {adding && (
        <NewMemberForm malls={malls} mall={mall} onCreated={(name, password) => { setAdding(false); setOnce({ name, password }); refresh(); }} />
      )}
      {list === null && online.value && !error && <p class="muted" role="status">{ta('loading')}</p>}
      {list && !shown.length && <p class="empty">{ta('noStaff')}</p>}
      <ul class="rows" data-testid="staff-list">
        {shown.map((m) => (
          <li key={m.id} data-testid="staff-row" data-email={m.email}>
            <div class="row-line">
              <strong>{m.name || m.email}{m.id === user.value?.id ? ' ' + ta('you') : ''}</strong>
              <span class="status">{label('role', m.role)}</span>
              {m.deactivated ? <span class="tag bad">{ta('deactivated')}</span> : <span class="tag ok">{ta('active')}</span>}
              {m.must_change_password && <span class="tag wait">{ta('mustChange')}</span>}
            </div>
            <div class="muted">{m.email} · {m.phone || '—'} · {m.malls.map(mallName).join('、')}</div>
            {m.manageable ? (
              <div class="row-actions">
                <label class="sr-only" for={'role-' + m.id}>{ta('changeRole')}</label>
                <select id={'role-' + m.id} value={m.role} disabled={!online.value} data-testid="staff-role"
                  onChange={(e) => act(() => updateMember(m.id, { role: (e.target as HTMLSelectElement).value }))}>
                  {options('role').map((r) => <option key={r} value={r}>{label('role', r)}</option>)}
                </select>
                {m.deactivated
                  ? <button disabled={!online.value} onClick={() => act(() => updateMember(m.id, { deactivated: false }))} data-testid="reactivate">{ta('reactivate')}</button>
                  : <button class="danger" disabled={!online.value} data-testid="deactivate"
                    onClick={() => confirm(ta('confirmDeactivate', { name: m.name })) && act(() => updateMember(m.id, { deactivated: true }))}>{ta('deactivate')}</button>}
                <button disabled={!online.value} data-testid="reset-password"
                  onClick={() => confirm(ta('confirmReset', { name: m.name })) && act(async () => setOnce({ name: m.name, password: (await resetPassword(m.id)).password }))}>
                  {ta('resetPassword')}
                </button>
              </div>
            ) : m.id !== user.value?.id && <p class="muted">{ta('readOnlyMember')}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function NewMemberForm({ malls, mall, onCreated }: { malls: { id: string; name?: unknown; code?: unknown }[]; mall: string; onCreated: (name: string, password: string) => void }) {
  const [f, setF] = useState({ name: '', email: '', phone: '', role: 'inspector', malls: [mall] });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const res = await createMember(f);
      onCreated(res.member.name, res.password);
    } catch (x) {
      setError(err(x));
    } finally {
      setBusy(false);
    }
  };
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <form class="card" onSubmit={submit} aria-labelledby="new-staff-title" data-testid="new-staff">
      <h2 id="new-staff-title">{ta('addStaff')}</h2>
      <div class="grid2">
        <label>{ta('name')} <input name="name" required value={f.name} onInput={set('name')} /></label>
        <label>{ta('email')} <input name="email" type="email" required value={f.email} onInput={set('email')} /></label>
        <label>{ta('phone')} <input name="phone" type="tel" pattern="[0-9+\- ]*" value={f.phone} onInput={set('phone')} /></label>
        <label>{ta('role')}
          <select name="role" value={f.role} onChange={set('role')}>
            {options('role').map((r) => <option key={r} value={r}>{label('role', r)}</option>)}
          </select>
        </label>
      </div>
      {malls.length > 1 && (
        <fieldset>
          <legend>{ta('malls')}</legend>
          {malls.map((m) => (
            <label key={m.id} class="check">
              <input type="checkbox" checked={f.malls.includes(m.id)}
                onChange={(e) => setF({ ...f, malls: e.currentTarget.checked ? [...f.malls, m.id] : f.malls.filter((x) => x !== m.id) })} />
              {String(m.name)}（{String(m.code)}）
            </label>
          ))}
        </fieldset>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <button class="primary wide" type="submit" disabled={busy || !online.value} data-testid="create-staff">{ta('create')}</button>
    </form>
  );
}

function OncePassword({ name, password, onDone }: { name: string; password: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="card" role="alertdialog" aria-labelledby="once-title" aria-describedby="once-body" data-testid="once-password">
      <h2 id="once-title">{ta('onceTitle')}</h2>
      <p id="once-body">{ta('onceBody', { name })}</p>
      <p class="once" data-testid="once-value">{password}</p>
      <div class="row-actions">
        <button onClick={() => navigator.clipboard?.writeText(password).then(() => setCopied(true))}>{copied ? ta('copied') : ta('copy')}</button>
        <button class="primary" onClick={onDone} data-testid="once-done">{ta('done')}</button>
      </div>
    </div>
  );
}

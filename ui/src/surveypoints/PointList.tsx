// The survey points of a mall (admins): each with its poster, edit and
// deactivate; online only (see api.ts).
import type { RecordModel } from 'pocketbase';
import { useEffect, useState } from 'preact/hooks';
import { user } from '../auth';
import { label, t } from '../i18n';
import { online } from '../store';
import { dayOf, errorText, listMalls, listPoints, savePoint, type Point } from './api';
import { sp } from './strings';
import './surveypoints.css';

export function PointList() {
  if (user.value?.role !== 'admin') {
    return (
      <section aria-labelledby="points-title">
        <h1 id="points-title">{sp('points')}</h1>
        <p class="notice" role="alert">{sp('onlyAdmins')}</p>
      </section>
    );
  }
  return <AdminPoints />;
}

/** The mall the admin last looked at (HQ admins hold several). */
export const lastMall = { id: sessionStorage.getItem('mallcare-points-mall') ?? '' };
const pickMall = (id: string) => {
  lastMall.id = id;
  sessionStorage.setItem('mallcare-points-mall', id);
};

function AdminPoints() {
  const [malls, setMalls] = useState<RecordModel[]>([]);
  const [mall, setMall] = useState(lastMall.id);
  const [points, setPoints] = useState<Point[] | null>(null);
  const [error, setError] = useState('');
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!online.value) return;
    let live = true;
    listMalls()
      .then((ms) => {
        if (!live) return;
        setMalls(ms);
        const keep = ms.find((m) => m.id === lastMall.id)?.id ?? ms[0]?.id ?? '';
        pickMall(keep);
        setMall(keep);
      })
      .catch((err) => live && setError(errorText(err, sp('offline'))));
    return () => { live = false; };
  }, [online.value]);

  useEffect(() => {
    if (!mall || !online.value) return;
    let live = true;
    listPoints(mall)
      .then((ps) => { if (live) { setPoints(ps); setError(''); } })
      .catch((err) => live && setError(errorText(err, sp('offline'))));
    return () => { live = false; };
  }, [mall, version, online.value]);

  const current = malls.find((m) => m.id === mall);
  const tz = (current?.timezone as string) || 'Asia/Shanghai';
  const toggle = async (p: Point) => {
    if (p.active && !confirm(sp('deactivateConfirm', { name: p.name }))) return;
    try {
      await savePoint(p.id, { active: !p.active });
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(err, sp('offline')));
    }
  };

  return (
    <section aria-labelledby="points-title" class="points">
      <div class="list-head">
        <h1 id="points-title">{sp('points')}</h1>
        {current && online.value && <a class="button primary" href="#/survey-points/new" data-testid="new-point">{sp('newPoint')}</a>}
      </div>
      <p class="muted">{sp('intro')}</p>
      {!online.value && <p class="warn" role="status">{sp('offline')}</p>}
      {error && <p class="error" role="alert">{sp('loadFailed', { msg: error })}</p>}
      {malls.length > 1 && (
        <label>
          {t('mall')}
          <select value={mall} onChange={(e) => { const id = (e.target as HTMLSelectElement).value; pickMall(id); setMall(id); setPoints(null); }} data-testid="points-mall">
            {malls.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.code})</option>)}
          </select>
        </label>
      )}
      {points && points.length === 0 && <p class="empty">{sp('none')}</p>}
      {points && points.length > 0 && (
        <ul class="point-list" data-testid="point-list">
          {points.map((p) => (
            <li key={p.id} class={'card point' + (p.active ? '' : ' off')} data-testid="point-row" data-id={p.id}>
              <h2>{p.name}</h2>
              <p class="point-tags">
                <span class="tag kind">{label('point_kind', p.kind)}</span>
                <span class="tag chan">{label('point_channel', p.channel)}</span>
                {!p.active && <span class="tag bad">{sp('inactive')}</span>}
              </p>
              <p class="muted">{validity(p, tz)}</p>
              <div class="action-buttons">
                {p.active && <a class="button" href={`#/survey-points/${p.id}/poster`} data-testid="poster">{sp('poster')}</a>}
                <a class="button" href={`#/survey-points/${p.id}`} data-testid="edit">{sp('edit')}</a>
                <button type="button" class={p.active ? 'danger' : ''} onClick={() => void toggle(p)} data-testid="toggle-active">
                  {p.active ? sp('deactivate') : sp('activate')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function validity(p: Point, tz: string): string {
  const from = dayOf(p.valid_from, tz);
  const until = dayOf(p.valid_until, tz, true);
  if (from && until) return sp('validity', { from, until });
  if (from) return sp('fromDay', { d: from });
  if (until) return sp('untilDay', { d: until });
  return sp('always');
}

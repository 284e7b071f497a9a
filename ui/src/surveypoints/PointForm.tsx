// Create or edit a survey point (admins, online): name, kind, channel, the
// questionnaire, a shop for merchant surveys, first and last day, active.
import type { RecordModel } from 'pocketbase';
import { useEffect, useState } from 'preact/hooks';
import { user } from '../auth';
import { options, limits } from '../domain';
import { label, t } from '../i18n';
import { go } from '../router';
import { online } from '../store';
import { dayOf, dayStart, errorText, getPoint, listMalls, listShops, listTemplates, nextDay, savePoint, type Point, type PointInput } from './api';
import { lastMall } from './PointList';
import { sp } from './strings';
import './surveypoints.css';

interface Draft { mall: string; name: string; kind: string; channel: string; template: string; shop: string; from: string; until: string; active: boolean }

const blank = (mall: string): Draft => ({
  mall, name: '', kind: options('point_kind')[0], channel: options('point_channel')[0], template: '', shop: '', from: '', until: '', active: true,
});

export function PointForm({ id }: { id?: string }) {
  const [malls, setMalls] = useState<RecordModel[]>([]);
  const [draft, setDraft] = useState<Draft | null>(id ? null : blank(lastMall.id));
  const [original, setOriginal] = useState<Point | null>(null);
  const [templates, setTemplates] = useState<RecordModel[]>([]);
  const [shops, setShops] = useState<RecordModel[]>([]);
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  const tzOf = (mall: string) => (malls.find((m) => m.id === mall)?.timezone as string) || 'Asia/Shanghai';

  useEffect(() => {
    if (!online.value) return;
    void (async () => {
      try {
        const ms = await listMalls();
        setMalls(ms);
        if (!id) {
          setDraft((d) => d && { ...d, mall: ms.find((m) => m.id === d.mall)?.id ?? ms[0]?.id ?? '' });
          return;
        }
        const p = await getPoint(id);
        const tz = (ms.find((m) => m.id === p.mall)?.timezone as string) || 'Asia/Shanghai';
        setOriginal(p);
        setDraft({
          mall: p.mall, name: p.name, kind: p.kind, channel: p.channel, template: p.template, shop: p.shop,
          from: dayOf(p.valid_from, tz), until: dayOf(p.valid_until, tz, true), active: p.active,
        });
      } catch (err) {
        setError(errorText(err, sp('offline')));
      }
    })();
  }, [id, online.value]);

  // the questionnaires of the kind, and the shops, of the point's mall
  useEffect(() => {
    if (!draft?.mall || !online.value) return;
    let live = true;
    void Promise.all([listTemplates(draft.mall, draft.kind), listShops(draft.mall)])
      .then(([ts, ss]) => {
        if (!live) return;
        setTemplates(ts);
        setShops(ss);
        setDraft((d) => d && (ts.some((x) => x.id === d.template) ? d : { ...d, template: ts[0]?.id ?? '' }));
      })
      .catch((err) => live && setError(errorText(err, sp('offline'))));
    return () => { live = false; };
  }, [draft?.mall, draft?.kind, online.value]);

  if (user.value?.role !== 'admin') return <p class="notice" role="alert">{sp('onlyAdmins')}</p>;
  if (!online.value) return <p class="warn" role="status">{sp('offline')}</p>;
  if (!draft) return <p class="muted" role="status">{error || '…'}</p>;

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft({ ...draft, [k]: v });
  const submit = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    setError('');
    const tz = tzOf(draft.mall);
    const data: PointInput = {
      mall: draft.mall, name: draft.name.trim(), kind: draft.kind, channel: draft.channel, template: draft.template,
      shop: draft.kind === 'merchant' ? draft.shop : '', active: draft.active,
      valid_from: draft.from ? dayStart(draft.from, tz) : '',
      valid_until: draft.until ? dayStart(nextDay(draft.until), tz) : '',
    };
    try {
      await savePoint(id ?? null, data);
      go('/survey-points');
    } catch (err) {
      setError(errorText(err, sp('offline')));
    } finally {
      setSaving(false);
    }
  };

  const seg = (field: 'kind' | 'channel', group: 'point_kind' | 'point_channel', legend: string) => (
    <fieldset>
      <legend>{legend}</legend>
      <div class="seg">
        {options(group).map((code) => (
          <label key={code} class={'seg-btn' + (draft[field] === code ? ' on' : '')}>
            <input type="radio" name={field} value={code} checked={draft[field] === code} onChange={() => set(field, code)} />
            {label(group, code)}
          </label>
        ))}
      </div>
    </fieldset>
  );

  return (
    <section aria-labelledby="point-form-title" class="points">
      <h1 id="point-form-title">{id ? sp('editPoint') : sp('newPoint')}</h1>
      <form onSubmit={(e) => void submit(e)} data-testid="point-form">
        {!id && malls.length > 1 && (
          <label>
            {t('mall')}
            <select value={draft.mall} onChange={(e) => set('mall', (e.target as HTMLSelectElement).value)}>
              {malls.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.code})</option>)}
            </select>
          </label>
        )}
        <label>
          {sp('name')} <span class="req">*</span>
          <input name="name" required maxLength={limits.textMax['survey_points.name']} value={draft.name}
            onInput={(e) => set('name', (e.target as HTMLInputElement).value)} />
        </label>
        {seg('kind', 'point_kind', sp('kind'))}
        {seg('channel', 'point_channel', sp('channel'))}
        <label>
          {sp('template')} <span class="req">*</span>
          <select name="template" required value={draft.template} onChange={(e) => set('template', (e.target as HTMLSelectElement).value)}>
            {templates.length === 0 && <option value="">{sp('noTemplate')}</option>}
            {templates.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </label>
        {original && original.template !== draft.template && <p class="warn" role="note">{sp('templateWarn')}</p>}
        {draft.kind === 'merchant' && (
          <label>
            {sp('shop')}
            <select name="shop" value={draft.shop} onChange={(e) => set('shop', (e.target as HTMLSelectElement).value)}>
              <option value="">{sp('noShop')}</option>
              {shops.map((s) => <option key={s.id} value={s.id}>{s.name}{s.floor ? ` · ${s.floor}` : ''}</option>)}
            </select>
          </label>
        )}
        <div class="point-days">
          <label>
            {sp('validFrom')}
            <input type="date" name="valid_from" value={draft.from} onInput={(e) => set('from', (e.target as HTMLInputElement).value)} />
          </label>
          <label>
            {sp('validUntil')}
            <input type="date" name="valid_until" value={draft.until} min={draft.from || undefined} onInput={(e) => set('until', (e.target as HTMLInputElement).value)} />
          </label>
        </div>
        <label class="check">
          <input type="checkbox" name="active" checked={draft.active} onChange={(e) => set('active', (e.target as HTMLInputElement).checked)} />
          <span>{sp('active')}</span>
        </label>
        {error && <p class="error" role="alert" data-testid="point-error">{error}</p>}
        <div class="form-actions">
          <a class="button" href="#/survey-points">{sp('cancel')}</a>
          <button type="submit" class="primary" disabled={saving || !draft.template} data-testid="save-point">{sp('save')}</button>
        </div>
      </form>
    </section>
  );
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import { user } from '../auth';
import { createComplaint } from './store';
import type { LocalRecord } from '../db';
import { limits, options } from '../domain';
import { label, t } from '../i18n';
import { useLive } from '../live';
import { shrinkPhoto } from '../photos';
import { go } from '../router';
import { db } from '../store';
import { Icon } from '../components/Icon';

const MAX_PHOTOS = limits.photoFields['complaints.photos'];
// the schema's pattern, which the input's pattern attribute anchors itself
const phonePattern = limits.phonePattern.replace(/^\^|\$$/g, '');
const max = (field: string) => limits.textMax[('complaints.' + field) as keyof typeof limits.textMax];

function nowLocalInput() {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Register a complaint: the fields the manuals require, big and quick. */
export function ComplaintForm() {
  const malls = (user.value?.malls as string[] | undefined) ?? [];
  const [mall, setMall] = useState(malls[0] ?? '');
  const mallRecords = useLive(() => db.all('malls'), [], [] as LocalRecord[]);
  const shops = useLive(() => db.all('shops'), [], [] as LocalRecord[]);
  const mallShops = useMemo(
    () => shops.filter((s) => s.mall === mall && !s.closed).sort((a, b) => String(a.floor ?? '').localeCompare(String(b.floor ?? '')) || String(a.name).localeCompare(String(b.name))),
    [shops, mall],
  );
  const [f, setF] = useState({
    channel: 'desk', target: 'shop', shop: '', customer_name: '', phone: '', description: '',
    occurred_at: nowLocalInput(), location: '', demand: '', severity: 'general',
  });
  const [photos, setPhotos] = useState<{ blob: Blob; url: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => () => photos.forEach((p) => URL.revokeObjectURL(p.url)), []);
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });

  const addPhotos = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const files = Array.from(input.files ?? []).slice(0, MAX_PHOTOS - photos.length);
    input.value = '';
    const added: { blob: Blob; url: string }[] = [];
    for (const file of files) {
      try {
        const blob = await shrinkPhoto(file);
        added.push({ blob, url: URL.createObjectURL(blob) });
      } catch {
        setError(t('photos') + ': ' + file.name);
      }
    }
    setPhotos((p) => [...p, ...added]);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!mall) return;
    setBusy(true);
    try {
      const data: Record<string, unknown> = { ...f, mall };
      data.occurred_at = f.occurred_at ? new Date(f.occurred_at).toISOString() : '';
      for (const k of ['shop', 'phone', 'location', 'demand', 'occurred_at']) if (!data[k]) delete data[k];
      const id = await createComplaint(data, photos.map((p) => p.blob));
      go('/c/' + id);
    } catch (err) {
      setError(String(err));
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={submit} aria-labelledby="new-title">
      <h1 id="new-title">{t('newComplaint')}</h1>
      {malls.length > 1 && (
        <label>{t('mall')}
          <select value={mall} onChange={(e) => setMall(e.currentTarget.value)}>
            {malls.map((m) => <option key={m} value={m}>{(mallRecords.find((r) => r.id === m)?.name as string) ?? m}</option>)}
          </select>
        </label>
      )}
      <fieldset class="seg">
        <legend>{t('channel')}</legend>
        {options('channel').map((v) => (
          <label key={v} class={'seg-btn' + (f.channel === v ? ' on' : '')}>
            <input type="radio" name="channel" value={v} checked={f.channel === v} onChange={set('channel')} />{label('channel', v)}
          </label>
        ))}
      </fieldset>
      <label>{t('target')}
        <select name="target" value={f.target} onChange={set('target')}>
          {options('target').map((v) => <option key={v} value={v}>{label('target', v)}</option>)}
        </select>
      </label>
      <label>{t('shop')}
        <select name="shop" value={f.shop} onChange={set('shop')}>
          <option value="">{t('none')}</option>
          {mallShops.map((s) => <option key={s.id} value={s.id}>{[s.floor, s.booth, s.name].filter(Boolean).join(' ')}</option>)}
        </select>
      </label>
      <label>{t('customerName')} <span class="req">*</span>
        <input name="customer_name" required maxLength={max('customer_name')} value={f.customer_name} onInput={set('customer_name')} autoComplete="off" />
      </label>
      <label>{t('phone')}
        <input name="phone" type="tel" inputMode="tel" maxLength={max('phone')} pattern={phonePattern} value={f.phone} onInput={set('phone')} autoComplete="off" />
      </label>
      <label>{t('description')} <span class="req">*</span>
        <textarea name="description" required maxLength={max('description')} rows={4} value={f.description} onInput={set('description')} />
      </label>
      <label>{t('occurredAt')}
        <input name="occurred_at" type="datetime-local" value={f.occurred_at} onInput={set('occurred_at')} />
      </label>
      <label>{t('location')}
        <input name="location" maxLength={max('location')} value={f.location} onInput={set('location')} />
      </label>
      <label>{t('demand')}
        <textarea name="demand" maxLength={max('demand')} rows={2} value={f.demand} onInput={set('demand')} />
      </label>
      <fieldset class="seg">
        <legend>{t('severity')}</legend>
        {options('severity').map((v) => (
          <label key={v} class={'seg-btn' + (f.severity === v ? ' on' : '') + (v === 'major' ? ' major' : '')}>
            <input type="radio" name="severity" value={v} checked={f.severity === v} onChange={set('severity')} />{label('severity', v)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('photos')} ({photos.length}/{MAX_PHOTOS})</legend>
        <div class="thumbs">
          {photos.map((p, i) => (
            <div class="thumb" key={p.url}>
              <img src={p.url} alt={`${t('photos')} ${i + 1}`} />
              <button type="button" class="x" aria-label={t('removePhoto')} onClick={() => setPhotos(photos.filter((q) => q !== p))}>×</button>
            </div>
          ))}
        </div>
        {photos.length < MAX_PHOTOS && (
          <label class="button">
            <Icon name="camera" /> {t('addPhoto')}
            <input type="file" accept="image/*" capture="environment" multiple class="sr-only" onChange={addPhotos} data-testid="photo-input" />
          </label>
        )}
      </fieldset>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="form-actions">
        <button type="button" onClick={() => history.back()}>{t('cancel')}</button>
        <button class="primary" type="submit" disabled={busy} data-testid="save-complaint">{t('save')}</button>
      </div>
    </form>
  );
}

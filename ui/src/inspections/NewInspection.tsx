// Starting a round: the checklist (the mall's active templates and the
// shared default from the manual), the floor / zone and optionally a shop.
import { useMemo, useState } from 'preact/hooks';
import type { LocalRecord } from '../db';
import { limits } from '../domain';
import { useLive } from '../live';
import { go } from '../router';
import { all, me, shopLabel } from './local';
import { itemsOf, startDraft } from './store';
import { t } from './strings';

/** The active checklists a mall may use: its own first, then the shared ones. */
export function templatesFor(templates: LocalRecord[], mall: string): LocalRecord[] {
  return templates
    .filter((tpl) => tpl.active !== false && (!tpl.mall || tpl.mall === mall) && itemsOf(tpl).length > 0)
    .sort((a, b) => Number(!!b.mall) - Number(!!a.mall) || String(a.name).localeCompare(String(b.name)));
}

/** Starts a draft and opens it. */
export async function startRound(mall: string, template: LocalRecord, floor: string, zone = '', shop = '') {
  const d = await startDraft({ mall, template, floor, zone, shop });
  go('/inspections/run/' + d.id);
}

export function NewInspection({ query }: { query: string }) {
  const q = new URLSearchParams(query);
  const malls = me().malls;
  const [mall, setMall] = useState(q.get('mall') || malls[0] || '');
  const templates = useLive(() => all('inspection_templates'), [], [] as LocalRecord[]);
  const shops = useLive(() => all('shops'), [], [] as LocalRecord[]);
  const mallRecords = useLive(() => all('malls'), [], [] as LocalRecord[]);
  const usable = useMemo(() => templatesFor(templates, mall), [templates, mall]);
  const [template, setTemplate] = useState('');
  const [floor, setFloor] = useState(q.get('floor') ?? '');
  const [zone, setZone] = useState(q.get('zone') ?? '');
  const [shop, setShop] = useState('');
  const [busy, setBusy] = useState(false);
  const mallShops = shops.filter((s) => s.mall === mall && !s.closed);
  const floors = [...new Set(mallShops.map((s) => String(s.floor ?? '')).filter(Boolean))].sort();
  const floorShops = mallShops.filter((s) => !floor || s.floor === floor).sort((a, b) => shopLabel(a).localeCompare(shopLabel(b)));
  const chosen = usable.find((x) => x.id === template) ?? usable[0];

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!chosen || !floor.trim()) return;
    setBusy(true);
    await startRound(mall, chosen, floor.trim(), zone.trim(), shop);
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="new-insp-title">
      <h1 id="new-insp-title">{t('newRound')}</h1>
      {malls.length > 1 && (
        <label>{t('mall')}
          <select value={mall} onChange={(e) => setMall(e.currentTarget.value)} name="mall">
            {malls.map((m) => <option key={m} value={m}>{String(mallRecords.find((r) => r.id === m)?.name ?? m)}</option>)}
          </select>
        </label>
      )}
      {usable.length === 0 ? <p class="warn" role="alert">{t('noTemplates')}</p> : (
        <label>{t('template')}
          <select value={chosen?.id} onChange={(e) => setTemplate(e.currentTarget.value)} name="template">
            {usable.map((x) => <option key={x.id} value={x.id}>{String(x.name)} ({t('itemsN', { n: itemsOf(x).length })})</option>)}
          </select>
        </label>
      )}
      <label>{t('floor')} <span class="req">*</span>
        <input name="floor" required list="floors" maxLength={limits.textMax['inspections.floor']} value={floor} onInput={(e) => setFloor(e.currentTarget.value)} autoComplete="off" />
        <datalist id="floors">{floors.map((f) => <option key={f} value={f} />)}</datalist>
      </label>
      <label>{t('zone')}
        <input name="zone" maxLength={limits.textMax['inspections.zone']} value={zone} onInput={(e) => setZone(e.currentTarget.value)} autoComplete="off" />
      </label>
      <label>{t('shop')}
        <select name="shop" value={shop} onChange={(e) => setShop(e.currentTarget.value)}>
          <option value="">{t('noShop')}</option>
          {floorShops.map((s) => <option key={s.id} value={s.id}>{shopLabel(s)}</option>)}
        </select>
      </label>
      <div class="form-actions">
        <button type="button" onClick={() => history.back()}>{t('cancel')}</button>
        <button class="primary" type="submit" disabled={busy || !chosen} data-testid="start-round">{t('start')}</button>
      </div>
    </form>
  );
}

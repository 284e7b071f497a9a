// Inspection changes in the outbox, in words: "巡检 3F 提交".
import type { Mutation } from '../db';
import { label } from '../i18n';
import { db } from '../store';
import { itemsOf } from './store';
import { t } from './strings';

async function floorOf(id: string): Promise<string> {
  const i = await db.record('inspections', id);
  return String(i?.floor ?? '');
}

export const words = {
  async inspections(m: Mutation) {
    const floor = String(m.data.floor ?? '') || (await floorOf(m.recordId));
    const what = m.op === 'create' ? t('wStart') : m.data.status === 'submitted' ? t('wSubmit') : t('wEdit');
    return { text: `${t('roundTitle', { floor })} ${what}`, href: '#/inspections/' + m.recordId };
  },
  async inspection_results(m: Mutation) {
    const insp = await db.record('inspections', String(m.data.inspection));
    const tpl = insp ? await db.record('inspection_templates', String(insp.template)) : undefined;
    const item = [...itemsOf(insp), ...itemsOf(tpl)].find((it) => it.id === m.data.item_id);
    const photos = m.photos?.length ? ' · ' + t('wPhotos', { n: m.photos.length }) : '';
    const what = item ? `${item.section}：${item.text.length > 14 ? item.text.slice(0, 14) + '…' : item.text}` : String(m.data.item_id);
    return {
      text: `${t('roundTitle', { floor: String(insp?.floor ?? '') })} · ${what} ${label('result', m.data.result)}${photos}`,
      href: '#/inspections/' + String(m.data.inspection),
    };
  },
};

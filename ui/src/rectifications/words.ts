// Rectification steps in the outbox, in words: "整改完成 · 3F 301 顾家家居 · 照片 1".
import type { Mutation } from '../db';
import { rectSteps } from '../domain';
import { label } from '../i18n';
import { db } from '../store';
import { shopLabel } from '../inspections/local';
import { t } from './strings';

export const words = {
  async rectifications(m: Mutation) {
    const r = await db.record('rectifications', m.recordId);
    const shop = r?.shop ? await db.record('shops', String(r.shop)) : undefined;
    const where = shopLabel(shop) || String(r?.floor ?? '');
    const from = String((r?._base as Record<string, unknown> | null | undefined)?.status ?? r?.status ?? 'open');
    const step = [...rectSteps(from), ...rectSteps('open'), ...rectSteps('done')].find((s) => s.to === m.data.status);
    const what = step ? label('rect_event', step.kind) : t('wEdit');
    const photos = m.photos?.length ? ' · ' + t('photosN', { n: m.photos.length }) : '';
    return { text: `${t('rectifications')} ${what}${where ? ' · ' + where : ''}${photos}`, href: '#/rectifications/' + m.recordId };
  },
};

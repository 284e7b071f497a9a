// Survey responses in the outbox, in words: "投诉回访 SH-2026-000123 · 4 分".
import type { Mutation } from '../db';
import { overallScore } from '../domain';
import { label } from '../i18n';
import { localRef } from '../ids';
import { db } from '../store';
import { questionsOf } from './store';
import { t } from './strings';

export const words = {
  async survey_responses(m: Mutation) {
    const tpl = await db.record('survey_templates', String(m.data.template));
    const overall = overallScore(questionsOf(tpl), (m.data.answers ?? {}) as Record<string, number>);
    let about = '';
    if (m.data.complaint) {
      const c = await db.record('complaints', String(m.data.complaint));
      about = ' ' + ((c?.number as string) || localRef(String(m.data.complaint)));
    }
    return {
      text: `${label('survey_kind', tpl?.kind ?? '')}${about}${overall !== null ? ' · ' + t('wScore', { n: overall }) : ''}`,
      href: '#/surveys/' + m.recordId,
    };
  },
};

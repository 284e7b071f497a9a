// The callback (回访) on a resolved complaint's detail screen: offered
// inside the window the server set (1–5 days after resolution), still
// offered, marked late, after it; not before it.
import { may } from '../domain';
import { user } from '../auth';
import type { LocalRecord } from '../db';
import { fmtTime, dictionary } from '../i18n';
import { go } from '../router';
import { callbackState } from './store';

// on the complaint screen, so its few words are here rather than in strings.ts
// (which loads with the survey screens)
const t = dictionary({
  callBackSurvey: '回访调查', windowUnknown: '处理结果同步后可回访', windowFrom: '回访时间 {t} 起', windowPassed: '已超过回访时间（{t}），请尽快回访', windowOpen: '请在 {t} 前回访',
}, {
  callBackSurvey: 'Callback survey', windowUnknown: 'Callback possible once the resolution has synced', windowFrom: 'callback from {t}', windowPassed: 'callback window passed ({t}): call back soon', windowOpen: 'call back by {t}',
});

export function CallbackEntry({ c }: { c: LocalRecord }) {
  const state = callbackState(c);
  if (state === 'none' || !may(user.value?.role, 'callbackTakers')) return null;
  const can = state === 'open' || state === 'late';
  return (
    <div class="callback-entry">
      <button class="primary" disabled={!can} onClick={() => go('/surveys/callback/' + c.id)} data-testid="callback-survey">{t('callBackSurvey')}</button>
      <span class={'sla' + (state === 'late' ? ' overdue' : '')} data-testid="callback-window">
        {state === 'wait' ? t('windowUnknown') : state === 'early' ? t('windowFrom', { t: fmtTime(c.callback_from) })
          : state === 'late' ? t('windowPassed', { t: fmtTime(c.callback_due) }) : t('windowOpen', { t: fmtTime(c.callback_due) })}
      </span>
    </div>
  );
}

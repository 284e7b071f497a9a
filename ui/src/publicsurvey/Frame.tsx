// The survey page's frame and its fixed screens, shared by the phone and
// the kiosk: who asks (mall, point), the language switch, closed and thanks.
import type { ComponentChildren } from 'preact';
import { lang, setLang } from '../i18n';
import type { Refusal, SurveyDef } from './api';
import { ps } from './strings';

/** The page frame: who asks (mall, point) and the language switch. */
export function Page({ def, children, extra }: { def?: SurveyDef; children: ComponentChildren; extra?: ComponentChildren }) {
  const other = lang.value === 'zh' ? 'en' : 'zh';
  return (
    <div class="ps">
      <header class="ps-top">
        <div class="ps-who">
          <strong>{def?.mall ?? ps('title')}</strong>
          {def && <span>{def.point} · {def.title}</span>}
        </div>
        <button type="button" class="ps-lang" lang={other === 'en' ? 'en' : 'zh-CN'} aria-label={ps('languageLabel')} onClick={() => setLang(other)}>
          {ps('language')}
        </button>
        {extra}
      </header>
      <main class="ps-main">{children}</main>
    </div>
  );
}

export function Closed({ refusal }: { refusal: Refusal }) {
  return (
    <section class="ps-screen" data-testid="closed" data-code={refusal.code}>
      <h1 class="ps-q">{ps('closed')}</h1>
      <p class="ps-closed" role="alert">{refusal.message}</p>
    </section>
  );
}

export function Thanks() {
  return (
    <section class="ps-screen ps-thanks" data-testid="thanks" role="status">
      <h1 class="ps-q">{ps('thanks')}</h1>
      <p>{ps('thanksSub')}</p>
    </section>
  );
}


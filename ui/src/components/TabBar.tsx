// The bottom bar: the role's tabs (nav.barFor), and 更多 with the rest when
// they do not all fit at 360 px. Every target is at least 48 px.
import { dictionary } from '../i18n';
import { barFor, MORE, type Tab } from '../nav';
import { Icon } from './Icon';

const t = dictionary({ more: '更多', moreTitle: '更多功能', nav: '主导航' }, { more: 'More', moreTitle: 'More', nav: 'Main navigation' });

function count(tabs: Tab[]): number {
  return tabs.reduce((n, tab) => n + (tab.badge?.() ?? 0), 0);
}

export function TabBar({ role, current }: { role: unknown; current: string }) {
  const { bar, more } = barFor(role);
  const inMore = current === MORE || more.some((tab) => tab.href === current);
  const n = count(more);
  return (
    <nav class="tabs" aria-label={t('nav')}>
      {bar.map((tab) => <TabLink key={tab.href} tab={tab} current={current === tab.href} />)}
      {more.length > 0 && (
        <a href={'#' + MORE} aria-current={inMore ? 'page' : undefined} data-testid="nav-more">
          <Icon name="more" /><span>{t('more')}{n ? ` (${n})` : ''}</span>
        </a>
      )}
    </nav>
  );
}

function TabLink({ tab, current }: { tab: Tab; current: boolean }) {
  const n = tab.badge?.() ?? 0;
  return (
    <a href={'#' + tab.href} aria-current={current ? 'page' : undefined} data-testid={tab.testId}>
      {tab.icon()}<span>{tab.label()}{n ? ` (${n})` : ''}</span>
    </a>
  );
}

/** The tabs that did not fit, as large rows. */
export function MoreScreen({ role }: { role: unknown }) {
  const { more } = barFor(role);
  return (
    <section aria-labelledby="more-title">
      <h1 id="more-title">{t('moreTitle')}</h1>
      <ul class="more-list">
        {more.map((tab) => {
          const n = tab.badge?.() ?? 0;
          return (
            <li key={tab.href}>
              <a class="card more-row" href={'#' + tab.href} data-testid={tab.testId}>
                {tab.icon()}<span>{tab.label()}</span>{n ? <span class="tag wait">{n}</span> : null}
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

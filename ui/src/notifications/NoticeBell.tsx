// The inbox in the header: a bell with the unread count, in sight on every
// screen and for every role (the bottom bar's slots are the role's work).
import { route } from '../router';
import { Icon } from '../components/Icon';
import { unread } from './store';
import { tn } from './strings';

export function NoticeBell() {
  const n = unread.value;
  const here = route.value.startsWith('/notifications');
  return (
    <a class={'bell' + (n ? ' unread' : '')} href="#/notifications" aria-current={here ? 'page' : undefined} data-testid="nav-notifications">
      <Icon name="bell" />
      <span class="sr-only">{tn('inbox')}{n ? ` (${n})` : ''}</span>
      {n > 0 && <span class="bell-count" aria-hidden="true">{n > 99 ? '99+' : n}</span>}
    </a>
  );
}

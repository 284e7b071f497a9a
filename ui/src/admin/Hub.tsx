import { ta } from './strings';

const entries = [
  { href: '/admin/staff', title: 'staff', hint: 'staffHint', id: 'admin-staff' },
  { href: '/admin/shops', title: 'shops', hint: 'shopsHint', id: 'admin-shops' },
  { href: '/admin/templates', title: 'templates', hint: 'templatesHint', id: 'admin-templates' },
  { href: '/admin/plans', title: 'plans', hint: 'plansHint', id: 'admin-plans' },
] as const;

/** The admin's start page: one entry per job. */
export function Hub() {
  return (
    <section aria-labelledby="admin-title" class="admin">
      <h1 id="admin-title">{ta('admin')}</h1>
      <p class="muted">{ta('hubIntro')}</p>
      <ul class="hub">
        {entries.map((e) => (
          <li key={e.href}>
            <a class="card hub-entry" href={'#' + e.href} data-testid={e.id}>
              <strong>{ta(e.title)}</strong>
              <span class="muted">{ta(e.hint)}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

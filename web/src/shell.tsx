// The frame around every screen: the sidebar with the product's sections and the signed-in user.
import type { ReactNode } from 'react';
import { Link, useLocation } from './router';
import { useMe, useSession } from './session';
import { Icon, type IconName } from './ui/icons';
import { useToast } from './ui/toast';

interface NavItem { readonly to: string; readonly label: string; readonly icon: IconName; readonly admin?: boolean }

const sections: readonly { title: string; items: readonly NavItem[] }[] = [
  { title: 'Monitor', items: [
    { to: '/audit', label: 'Audit log', icon: 'audit' },
    { to: '/alerts', label: 'Alerts', icon: 'alerts' },
    { to: '/approvals', label: 'Plugin approvals', icon: 'approvals' },
    { to: '/sessions', label: 'Sessions', icon: 'sessions' },
  ] },
  { title: 'Policy', items: [
    { to: '/roles', label: 'Policy roles', icon: 'roles' },
    { to: '/suggestions', label: 'Suggestions', icon: 'check' },
    { to: '/variables', label: 'Variables', icon: 'variables' },
  ] },
  { title: 'Fleet', items: [{ to: '/hosts', label: 'Hosts', icon: 'hosts' }] },
  { title: 'Organization', items: [
    { to: '/users', label: 'Users', icon: 'users', admin: true },
    { to: '/settings', label: 'Settings', icon: 'settings' },
  ] },
];

export function Shell({ children }: { readonly children: ReactNode }) {
  const { path } = useLocation();
  const me = useMe();
  const { signOut } = useSession();
  const toast = useToast();
  const initial = me.user.email.charAt(0).toUpperCase();

  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark"><Icon name="shield" size={18} /></span>
          <span className="brand-text">
            <span className="brand-name">Warden</span>
            <span className="brand-org" title={me.org.name}>{me.org.name}</span>
          </span>
        </div>
        {sections.map((section) => {
          const items = section.items.filter((i) => !i.admin || me.isAdmin);
          if (!items.length) return null;
          return (
            <div key={section.title} className="nav-section">
              <div className="nav-title">{section.title}</div>
              {items.map((item) => {
                const active = path === item.to || path.startsWith(`${item.to}/`);
                return (
                  <Link key={item.to} to={item.to} className={active ? 'nav-link nav-link-active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
                    <Icon name={item.icon} />
                    {item.label}
                  </Link>
                );
              })}
            </div>
          );
        })}
        <div className="sidebar-footer">
          <span className="avatar" aria-hidden="true">{initial}</span>
          <span className="user-text">
            <span className="user-email" title={me.user.email}>{me.user.email}</span>
            <span className="user-role">{me.user.role === 'admin' ? 'Administrator' : 'Viewer'}</span>
          </span>
          <button type="button" className="icon-btn" aria-label="Sign out" title="Sign out" onClick={() => void signOut().catch(toast.error)}>
            <Icon name="logout" />
          </button>
        </div>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        <div className="content">{children}</div>
      </main>
    </div>
  );
}

// The frame around every screen: the sidebar with the product's sections and the signed-in user.
// Below 900px wide the sidebar becomes a drawer opened from a top bar's menu button.
import { useEffect, useRef, useState, type ReactNode } from 'react';
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
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const nav = useRef<HTMLElement>(null);
  const current = sections.flatMap((s) => s.items).find((i) => path === i.to || path.startsWith(`${i.to}/`));

  // A link followed closes the drawer.
  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    if (!menuOpen) return undefined;
    nav.current?.querySelector<HTMLElement>('a[aria-current="page"], a')?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  return (
    <div className={menuOpen ? 'shell shell-menu-open' : 'shell'}>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <button ref={menuButton} type="button" className="icon-btn topbar-menu" aria-label="Open menu" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen(true)}>
          <Icon name="menu" size={20} />
        </button>
        <span className="brand-mark brand-mark-sm"><Icon name="shield" size={15} /></span>
        <span className="topbar-title">
          <span className="brand-name">Warden</span>
          {current ? <span className="topbar-section">{current.label}</span> : null}
        </span>
        <span className="avatar avatar-sm" aria-hidden="true" title={me.user.email}>{initial}</span>
      </header>
      {menuOpen ? <div className="nav-backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} /> : null}
      <nav ref={nav} id="main-nav" className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark"><Icon name="shield" size={18} /></span>
          <span className="brand-text">
            <span className="brand-name">Warden</span>
            <span className="brand-org" title={me.org.name}>{me.org.name}</span>
          </span>
          <button type="button" className="icon-btn sidebar-close" aria-label="Close menu" onClick={() => {
            setMenuOpen(false);
            menuButton.current?.focus();
          }}>
            <Icon name="x" />
          </button>
        </div>
        {sections.map((section) => {
          const items = section.items.filter((i) => !i.admin || me.isAdmin);
          if (!items.length) return null;
          return (
            <div key={section.title} className="nav-section">
              <div className="nav-title">{section.title}</div>
              {items.map((item) => {
                const active = item === current;
                return (
                  <Link key={item.to} to={item.to} className={active ? 'nav-link nav-link-active' : 'nav-link'} aria-current={active ? 'page' : undefined} onClick={() => setMenuOpen(false)}>
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

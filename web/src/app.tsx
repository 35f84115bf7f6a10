// The dashboard: sign-in gate, the shell with its sidebar, and the screen for the path.
import type { ReactNode } from 'react';
import { match, Redirect, useLocation } from './router';
import { AlertsScreen } from './screens/alerts';
import { ApprovalsScreen } from './screens/approvals';
import { AuditScreen } from './screens/audit-log';
import { HostDetailScreen } from './screens/host-detail';
import { HostsScreen } from './screens/hosts-list';
import { LoginScreen } from './screens/login';
import { RoleDetailScreen } from './screens/role-detail';
import { RolesScreen } from './screens/roles-list';
import { SessionTimelineScreen } from './screens/session-timeline';
import { SessionsScreen } from './screens/sessions-list';
import { SettingsScreen } from './screens/settings';
import { SuggestionDetailScreen } from './screens/suggestion-detail';
import { SuggestionsScreen } from './screens/suggestions-list';
import { UsersScreen } from './screens/users';
import { VariablesScreen } from './screens/variables';
import { SessionProvider, useSession } from './session';
import { Shell } from './shell';
import { ConfirmProvider } from './ui/dialog';
import { EmptyState, Loading } from './ui/states';
import { ToastProvider } from './ui/toast';

const routes: readonly [string, (params: Record<string, string>) => ReactNode][] = [
  ['/roles', () => <RolesScreen />],
  ['/roles/:id', (p) => <RoleDetailScreen id={p.id!} />],
  ['/suggestions', () => <SuggestionsScreen />],
  ['/suggestions/:id', (p) => <SuggestionDetailScreen id={p.id!} />],
  ['/variables', () => <VariablesScreen />],
  ['/hosts', () => <HostsScreen />],
  ['/hosts/:id', (p) => <HostDetailScreen id={p.id!} />],
  ['/sessions', () => <SessionsScreen />],
  ['/sessions/:session', (p) => <SessionTimelineScreen session={p.session!} />],
  ['/audit', () => <AuditScreen />],
  ['/alerts', () => <AlertsScreen />],
  ['/approvals', () => <ApprovalsScreen />],
  ['/users', () => <UsersScreen />],
  ['/settings', () => <SettingsScreen />],
];

function Screen({ path }: { readonly path: string }) {
  if (path === '/' || path === '/login') return <Redirect to="/audit" />;
  for (const [pattern, render] of routes) {
    const params = match(pattern, path);
    if (params) return <>{render(params)}</>;
  }
  return <EmptyState icon="info" title="Page not found">There is no page at {path}.</EmptyState>;
}

function Gate() {
  const { state } = useSession();
  const { path } = useLocation();
  if (state.kind === 'loading') return <div className="boot"><Loading /></div>;
  if (state.kind === 'signed-out') return <LoginScreen expired={state.expired} />;
  return (
    <Shell>
      <Screen path={path} />
    </Shell>
  );
}

export function App() {
  return (
    <ToastProvider>
      <ConfirmProvider>
        <SessionProvider>
          <Gate />
        </SessionProvider>
      </ConfirmProvider>
    </ToastProvider>
  );
}

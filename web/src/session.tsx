// Who is signed in: loaded from /me at start, set by login, cleared by logout or a 401.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from './api/client';
import type { Me, Org } from './api/types';

type SessionState = { readonly kind: 'loading' } | { readonly kind: 'signed-out'; readonly expired: boolean } | { readonly kind: 'signed-in'; readonly me: Me };

interface SessionApi {
  readonly state: SessionState;
  readonly signIn: (email: string, password: string) => Promise<void>;
  readonly signOut: () => Promise<void>;
  readonly setOrg: (org: Org) => void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setState({ kind: 'signed-out', expired: true });
    });
    api.get<Me>('/me').then(
      (me) => {
        setCsrfToken(me.csrfToken);
        setState({ kind: 'signed-in', me });
      },
      () => setState({ kind: 'signed-out', expired: false }),
    );
    return () => setUnauthorizedHandler(null);
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const me = await api.post<Me>('/auth/login', { email, password });
    setCsrfToken(me.csrfToken);
    setState({ kind: 'signed-in', me });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setCsrfToken(null);
    setState({ kind: 'signed-out', expired: false });
  }, []);

  const setOrg = useCallback((org: Org) => setState((s) => (s.kind === 'signed-in' ? { kind: 'signed-in', me: { ...s.me, org } } : s)), []);

  const value = useMemo(() => ({ state, signIn, signOut, setOrg }), [state, signIn, signOut, setOrg]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for screens shown after sign-in. */
export function useMe(): Me & { readonly isAdmin: boolean } {
  const { state } = useSession();
  if (state.kind !== 'signed-in') throw new Error('useMe before sign-in');
  return { ...state.me, isAdmin: state.me.user.role === 'admin' };
}

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, fetchMe, type Me } from '../api';

export type SessionStatus = 'loading' | 'anonymous' | 'signed-in';

export interface Session {
  status: SessionStatus;
  /** The caller and their memberships (identity `/me`), once signed in. */
  me: Me | null;
  login: (phone: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  /** Reads `/me` again, e.g. after the caller joined an organisation. */
  reload: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Who is signed in. Starts from the tokens in localStorage (asks `/me`), follows logins and logouts, and drops to
 * anonymous whenever the tokens go away: a logout in another tab, or a refresh that identity refused.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  // what one person's session cached is never shown to the next: the cache is emptied whenever the caller changes
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SessionStatus>(() => (api.tokens.get() ? 'loading' : 'anonymous'));

  const reload = useCallback(async () => {
    if (!api.tokens.get()) {
      setMe(null);
      setStatus('anonymous');
      return;
    }
    try {
      const current = await fetchMe(api);
      setMe(current);
      setStatus('signed-in');
    } catch {
      setMe(null);
      setStatus(api.tokens.get() ? 'signed-in' : 'anonymous');
    }
  }, []);

  useEffect(() => {
    void reload();
    return api.tokens.subscribe((tokens) => {
      if (!tokens) {
        queryClient.clear();
        setMe(null);
        setStatus('anonymous');
      }
    });
  }, [reload, queryClient]);

  const login = useCallback(
    async (phone: string, password: string) => {
      await api.login(phone, password);
      queryClient.clear();
      const current = await fetchMe(api);
      setMe(current);
      setStatus('signed-in');
      return current;
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    await api.logout();
    queryClient.clear();
    setMe(null);
    setStatus('anonymous');
  }, [queryClient]);

  const value = useMemo(() => ({ status, me, login, logout, reload }), [status, me, login, logout, reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) {
    throw new Error('useSession() outside <SessionProvider>');
  }
  return session;
}

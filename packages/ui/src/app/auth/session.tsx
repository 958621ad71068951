import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiRequestError } from '../api/api-request-error.js';
import { SESSION_QUERY } from '../api/documents.js';
import { graphqlRequest } from '../api/graphql-request.js';
import type { ApiInfo, AuthInfo, StateTypeInfo } from '../api/types.js';
import { createStateCatalog, type StateCatalog } from '../lib/states.js';

/** The token lives in this tab's session storage: it survives a reload, never reaches a URL, and ends with the tab. */
const STORAGE_KEY = 'headwater.apiToken';

export interface Session {
  token: string;
  authInfo: AuthInfo;
  api: ApiInfo;
  states: StateCatalog;
}

type SessionState =
  | { status: 'checking' }
  | { status: 'signed-out'; notice?: string }
  | { status: 'signed-in'; session: Session };

interface SessionContextValue {
  state: SessionState;
  /** Checks the token with the server and keeps it; rejects with an `ApiRequestError` in plain words. */
  signIn(token: string): Promise<void>;
  signOut(notice?: string): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

interface SessionData {
  authInfo: AuthInfo;
  api: ApiInfo;
  referenceData: { stateTypes: StateTypeInfo[] };
}

async function openSession(token: string): Promise<Session> {
  const data = await graphqlRequest<SessionData>(token, SESSION_QUERY);
  return {
    token,
    authInfo: data.authInfo,
    api: data.api,
    states: createStateCatalog(data.referenceData.stateTypes),
  };
}

function readStoredToken(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function storeToken(token: string | null): void {
  try {
    if (token === null) window.sessionStorage.removeItem(STORAGE_KEY);
    else window.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Storage can be disabled; the token then lives only in memory until the page reloads.
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>(() =>
    readStoredToken() ? { status: 'checking' } : { status: 'signed-out' },
  );

  useEffect(() => {
    const stored = readStoredToken();
    if (!stored) return;
    let cancelled = false;
    openSession(stored).then(
      (session) => {
        if (!cancelled) setState({ status: 'signed-in', session });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiRequestError && error.code === 'UNAUTHENTICATED') storeToken(null);
        setState({ status: 'signed-out', notice: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const signIn = useCallback(async (token: string) => {
    const session = await openSession(token.trim());
    storeToken(session.token);
    setState({ status: 'signed-in', session });
  }, []);

  const signOut = useCallback(
    (notice?: string) => {
      storeToken(null);
      queryClient.clear();
      setState(notice ? { status: 'signed-out', notice } : { status: 'signed-out' });
    },
    [queryClient],
  );

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionContext needs a <SessionProvider> above it.');
  return value;
}

/** The signed-in session; only for components rendered inside the signed-in app. */
export function useSession(): Session {
  const { state } = useSessionContext();
  if (state.status !== 'signed-in') throw new Error('useSession is only available once signed in.');
  return state.session;
}

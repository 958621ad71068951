import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiRequestError } from '../api/api-request-error.js';
import { SESSION_QUERY } from '../api/documents.js';
import { graphqlRequest } from '../api/graphql-request.js';
import type { ApiInfo, AuthInfo, StateTypeInfo } from '../api/types.js';
import { createStateCatalog, type StateCatalog } from '../lib/states.js';

const STORAGE_KEY = 'headwater.apiToken';
const SESSION_DATA_KEY = 'headwater.session';

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

function sessionOf(token: string, data: SessionData): Session {
  return {
    token,
    authInfo: data.authInfo,
    api: data.api,
    states: createStateCatalog(data.referenceData.stateTypes),
  };
}

async function openSession(token: string): Promise<Session> {
  const data = await graphqlRequest<SessionData>(token, SESSION_QUERY);
  storeSession(token, data);
  return sessionOf(token, data);
}

/**
 * What the tab keeps in its session storage: the token (it survives a reload, never reaches a
 * URL, and ends with the tab) and what the server said of it the last time, so a reload shows
 * the page at once while the token is checked again in the background.
 */
interface StoredSession {
  token: string;
  data?: SessionData;
}

function readStoredSession(): StoredSession | null {
  try {
    const token = window.sessionStorage.getItem(STORAGE_KEY);
    if (!token) return null;
    const stored = window.sessionStorage.getItem(SESSION_DATA_KEY);
    const parsed = stored ? (JSON.parse(stored) as { token?: string; data?: SessionData }) : null;
    return parsed?.token === token && parsed.data ? { token, data: parsed.data } : { token };
  } catch {
    return null;
  }
}

function storeSession(token: string | null, data?: SessionData): void {
  try {
    if (token === null) {
      window.sessionStorage.removeItem(STORAGE_KEY);
      window.sessionStorage.removeItem(SESSION_DATA_KEY);
      return;
    }
    window.sessionStorage.setItem(STORAGE_KEY, token);
    if (data) window.sessionStorage.setItem(SESSION_DATA_KEY, JSON.stringify({ token, data }));
  } catch {
    // Storage can be disabled; the token then lives only in memory until the page reloads.
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>(() => {
    const stored = readStoredSession();
    if (!stored) return { status: 'signed-out' };
    return stored.data
      ? { status: 'signed-in', session: sessionOf(stored.token, stored.data) }
      : { status: 'checking' };
  });

  // A reload checks the stored token again; a token the server no longer accepts signs out.
  useEffect(() => {
    const stored = readStoredSession();
    if (!stored) return;
    let cancelled = false;
    openSession(stored.token).then(
      (session) => {
        if (!cancelled) setState({ status: 'signed-in', session });
      },
      (error: unknown) => {
        if (cancelled) return;
        const refused = error instanceof ApiRequestError && error.code === 'UNAUTHENTICATED';
        if (refused) {
          storeSession(null);
          queryClient.clear();
        }
        // Shown from the stored session, the pages say for themselves that the server is unreachable.
        if (!refused && stored.data) return;
        setState({ status: 'signed-out', notice: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [queryClient]);

  const signIn = useCallback(async (token: string) => {
    const session = await openSession(token.trim());
    setState({ status: 'signed-in', session });
  }, []);

  const signOut = useCallback(
    (notice?: string) => {
      storeSession(null);
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

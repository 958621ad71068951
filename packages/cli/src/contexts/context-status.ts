import type { Connection, SavedContext } from '@headwater/client';
import { type ContextCheck, checkContext } from './check-context.js';
import { maskToken } from './mask-token.js';

/** What `auth status` reports for the connection in use: where each part came from, and what the API says. */
export interface ConnectionStatus extends ContextCheck {
  /** The saved context in use, or null when the environment, config or flags supply everything. */
  context: string | null;
  api: string;
  apiSource: string;
  /** Masked: the prefix `auth list-tokens` shows. */
  token: string | null;
  tokenSource: string;
}

/** What `auth status --all` reports for each saved context. */
export interface SavedContextStatus extends ContextCheck {
  name: string;
  api: string;
  /** Masked: the prefix `auth list-tokens` shows. */
  token: string | null;
  /** `auth login` and `auth switch` made it the current context. */
  current: boolean;
  savedAt: string;
}

/** Checks the connection a command would use against its API. */
export async function connectionStatus(connection: Connection): Promise<ConnectionStatus> {
  const { api, apiSource, token, tokenSource, context } = connection;
  const check = await checkContext(api, token);
  return { context: context ?? null, api, apiSource, token: maskToken(token), tokenSource, ...check };
}

/** Checks every saved context against its API, all at once. */
export function savedContextStatuses(
  contexts: readonly SavedContext[],
  current: string | undefined,
): Promise<SavedContextStatus[]> {
  return Promise.all(
    contexts.map(async ({ name, api, token, savedAt }) => ({
      name,
      api,
      token: maskToken(token),
      current: name === current,
      savedAt,
      ...(await checkContext(api, token)),
    })),
  );
}

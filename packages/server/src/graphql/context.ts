import type { ConcurrencySettings } from '../api/concurrency-limits.js';
import type { ApiLimits } from '../api/limits.js';
import type { Store } from '../api/store.js';
import type { AuthContext, TokenAuthenticator } from '../auth/api-tokens.js';
import type { ApiError } from '../errors/api-error.js';
import type { SecretsKey } from '../secrets/secrets-key.js';
import type { Loaders } from './loaders.js';
import type { RunEvents } from './run-events.js';

/** Facts `api` reports. */
export interface ServerInfo {
  version: string;
  coreVersion: string;
}

/** What every resolver receives. */
export interface GraphQLContext {
  store: Store;
  limits: ApiLimits;
  info: ServerInfo;
  events: RunEvents;
  /** The caller, or null when the request had no (valid) token. */
  auth: AuthContext | null;
  /** Why `auth` is null when a token was sent but refused. */
  authError: ApiError | null;
  /** Resolves tokens; told when one is revoked, so this server refuses it at once. */
  tokens: TokenAuthenticator;
  /** Tenant-scoped loaders; null until authenticated. */
  loaders: Loaders | null;
  /** The `X-Headwater-Agent-Id` header: recorded on Submitted states and queue reads. */
  agentId: string | null;
  /** How often live subscriptions re-read the database. */
  subscriptionPollMs: number;
  /** The key secrets are sealed with; null when the server was started without one. */
  secretsKey: SecretsKey | null;
  /** How concurrency limits are enforced. */
  concurrency: ConcurrencySettings;
  /** Aborts when the server shuts down (ends live subscriptions). */
  shutdown: AbortSignal;
  /** The request: its `signal` aborts when the client went away before the answer. */
  request: Request;
}

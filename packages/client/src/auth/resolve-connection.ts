import { defaultConfig, headwaterHome, loadConfig, RUN_ENVIRONMENT } from '@headwater/core/base';
import { DEFAULT_API_URL, parseApiUrls } from '../api-url.js';
import { ContextStore } from './context-store.js';

/**
 * Where a connection setting came from, most specific first: an argument, the environment,
 * the config file, a context saved by `headwater auth login` (the current one, or for the
 * token the one saved for the API URL in use), the default.
 */
export type SettingSource = 'explicit' | 'env' | 'config' | 'context' | 'default' | 'none';

/** The `cloud` settings of the user's config file that a client reads. */
export interface ClientConfig {
  /** `cloud.api`: one URL, or several replicas' separated by commas */
  api?: string | undefined;
  /** `cloud.auth_token` */
  authToken?: string | undefined;
  /** `home_dir`: where logins (contexts) are stored. @default `HEADWATER__HOME_DIR`, else `~/.headwater` */
  homeDir?: string | undefined;
}

export interface ResolveConnectionOptions {
  /**
   * Explicit API base URL, or several URLs of replicas of one API (an array, or a
   * comma-separated list); wins over everything.
   */
  api?: string | readonly string[] | undefined;
  /** Explicit token; wins over everything. */
  token?: string | undefined;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The config file's settings. @default read with core's `loadConfig` (`~/.headwater/config.toml`) */
  config?: ClientConfig;
}

/** The API a client talks to and the token it sends, with where each came from. */
export interface Connection {
  /** The primary API URL (the first of {@link apis}). */
  api: string;
  /** Every API URL given, the primary first: the client fails over between them. */
  apis: string[];
  apiSource: SettingSource;
  token: string | undefined;
  tokenSource: SettingSource;
  /** The saved context whose API URL or token is used, if any. */
  context: string | undefined;
  /** The contexts `auth login` saves to, in this connection's home dir. */
  contexts: ContextStore;
}

/**
 * Resolves the API URL and the token.
 *
 * - API URL: explicit → environment (`HEADWATER__CLOUD__API`) → config file (`cloud.api`) →
 *   the current context (`headwater auth login`, `headwater auth switch`) → the default. The
 *   setting may list several URLs, separated by commas (replicas of one API).
 * - Token: explicit → environment (`HEADWATER__CLOUD__AUTH_TOKEN`) → config file
 *   (`cloud.auth_token`) → the token of the context saved for that API URL (the current
 *   context's when it is for that URL).
 *
 * The contexts file is read only when an earlier source leaves something open.
 */
export function resolveConnection(options: ResolveConnectionOptions = {}): Connection {
  const env = options.env ?? process.env;
  const config = options.config ?? clientConfig(env);
  const contexts = new ContextStore(config.homeDir || headwaterHome(env));

  const explicit = typeof options.api === 'string' ? options.api : options.api?.join(',');
  const [rawApi, apiSource] = firstOf<string>([
    [explicit, 'explicit'],
    [env[RUN_ENVIRONMENT.api], 'env'],
    [config.api, 'config'],
    [() => contexts.current()?.api, 'context'],
    [DEFAULT_API_URL, 'default'],
  ]);
  const apis = parseApiUrls(rawApi ?? DEFAULT_API_URL);
  const api = apis[0]!;

  const [token, tokenSource] = firstOf<string>([
    [options.token, 'explicit'],
    [env[RUN_ENVIRONMENT.authToken], 'env'],
    [config.authToken, 'config'],
    [() => contexts.forApi(api)?.token, 'context'],
  ]);
  const context =
    apiSource === 'context' || tokenSource === 'context' ? contexts.forApi(api)?.name : undefined;
  return { api, apis, apiSource, token, tokenSource, context, contexts };
}

type Candidate<T> = [T | undefined | (() => T | undefined), SettingSource];

function firstOf<T>(candidates: Candidate<T>[]): [T | undefined, SettingSource] {
  for (const [value, source] of candidates) {
    const resolved = typeof value === 'function' ? (value as () => T | undefined)() : value;
    if (resolved !== undefined && resolved !== '') return [resolved, source];
  }
  return [undefined, 'none'];
}

/** The client's settings from core's config (file and `HEADWATER__…` variables), defaults left out. */
function clientConfig(env: NodeJS.ProcessEnv): ClientConfig {
  const config = loadConfig({ env });
  const defaults = defaultConfig();
  return {
    api: config.cloud.api === defaults.cloud.api ? undefined : config.cloud.api,
    authToken: config.cloud.auth_token,
    homeDir: config.home_dir === defaults.home_dir ? undefined : config.home_dir,
  };
}

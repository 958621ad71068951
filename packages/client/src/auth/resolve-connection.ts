import { defaultConfig, headwaterHome, loadConfig, RUN_ENVIRONMENT } from '@headwater/core/base';
import { DEFAULT_API_URL, normalizeApiUrl } from '../api-url.js';
import { TokenStore } from './token-store.js';

/** Where a connection setting came from, most specific first. */
export type SettingSource = 'explicit' | 'env' | 'config' | 'login' | 'default' | 'none';

/** The `cloud` settings of the user's config file that a client reads. */
export interface ClientConfig {
  /** `cloud.api` */
  api?: string | undefined;
  /** `cloud.auth_token` */
  authToken?: string | undefined;
  /** `home_dir`: where logins are stored. @default `HEADWATER__HOME_DIR`, else `~/.headwater` */
  homeDir?: string | undefined;
}

export interface ResolveConnectionOptions {
  /** Explicit API base URL; wins over everything. */
  api?: string | undefined;
  /** Explicit token; wins over everything. */
  token?: string | undefined;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The config file's settings. @default read with core's `loadConfig` (`~/.headwater/config.toml`) */
  config?: ClientConfig;
}

/** The API a client talks to and the token it sends, with where each came from. */
export interface Connection {
  api: string;
  apiSource: SettingSource;
  token: string | undefined;
  tokenSource: SettingSource;
  /** The store `auth login` writes to, for this connection's home dir. */
  tokenStore: TokenStore;
}

/**
 * Resolves the API URL and the token: explicit → environment (`HEADWATER__CLOUD__API`,
 * `HEADWATER__CLOUD__AUTH_TOKEN`) → config file (`cloud.api`, `cloud.auth_token`) → the
 * token `headwater auth login` stored for that API URL.
 */
export function resolveConnection(options: ResolveConnectionOptions = {}): Connection {
  const env = options.env ?? process.env;
  const config = options.config ?? clientConfig(env);
  const tokenStore = new TokenStore(config.homeDir || headwaterHome(env));

  const [rawApi, apiSource] = firstOf<string>([
    [options.api, 'explicit'],
    [env[RUN_ENVIRONMENT.api], 'env'],
    [config.api, 'config'],
    [DEFAULT_API_URL, 'default'],
  ]);
  const api = normalizeApiUrl(rawApi ?? DEFAULT_API_URL);

  const [token, tokenSource] = firstOf<string>([
    [options.token, 'explicit'],
    [env[RUN_ENVIRONMENT.authToken], 'env'],
    [config.authToken, 'config'],
    [() => tokenStore.load(api)?.token, 'login'],
  ]);
  return { api, apiSource, token, tokenSource, tokenStore };
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

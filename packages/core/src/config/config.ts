import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'smol-toml';
import { ConfigError } from '../errors/config-error.js';
import { parseOrigin } from './origin.js';

// Not an `import`: an ESM import of node:fs also evaluates its lazy exports (fs.promises and
// its streams), a few ms of every quick CLI command's start.
const { readFileSync } = process.getBuiltinModule('node:fs');

/**
 * Headwater's settings. Keys are snake_case, sections nest; each key maps to the
 * environment variable `HEADWATER__SECTION__KEY` (e.g. `cloud.auth_token` ↔
 * `HEADWATER__CLOUD__AUTH_TOKEN`). Unknown keys are kept.
 */
export interface HeadwaterConfig {
  /** Where Headwater keeps its files. @default "~/.headwater" */
  home_dir: string;
  /**
   * Plugin packages the CLI loads before `deploy`, `agent start` and `execute flow-run`, as
   * if each were given with `--plugin` (`HEADWATER__PLUGINS`: comma-separated).
   * @default []
   */
  plugins: string[];
  cloud: {
    /** API base URL. @default "http://127.0.0.1:4200" */
    api: string;
    /** API token (secret; masked when printed). @default "" */
    auth_token: string;
    /** Seconds between run heartbeats. @default 30 */
    heartbeat_interval: number;
    [key: string]: unknown;
  };
  engine: {
    executor: {
      /** Executor of flows without an environment. @default "@headwater/core:LocalExecutor" */
      default_class: string;
      [key: string]: unknown;
    };
    [key: string]: unknown;
  };
  logging: {
    /** @default "INFO" */
    level: string;
    /** Ship run logs to the API. @default false */
    log_to_cloud: boolean;
    [key: string]: unknown;
  };
  /** `headwater server start`; each key also has a flag (see `headwater server start --help`). */
  server: ServerConfig;
  flows: {
    defaults: {
      storage: {
        /** Storage `flow.deploy` creates when a flow has none: `Docker`, `Local` or `"<package>:<export>"` of a factory. @default "Docker" */
        default_class: string;
        [key: string]: unknown;
      };
      [key: string]: unknown;
    };
    [key: string]: unknown;
  };
  [section: string]: unknown;
}

/**
 * The `server` section: what `headwater server start` reads (its flags win). Times are in
 * seconds, like `cloud.heartbeat_interval`.
 *
 * @example
 * ```toml
 * [server.services.zombie_killer]
 * heartbeat_timeout = 300  # HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__HEARTBEAT_TIMEOUT=300
 * ```
 */
export interface ServerConfig {
  /** Interface to listen on. @default "127.0.0.1" */
  host: string;
  /** Port to listen on (0 picks a free one). @default 4200 */
  port: number;
  /**
   * Other web origins whose pages may call the API (CORS), e.g. `["https://ops.example.com"]`
   * (`HEADWATER__SERVER__CORS_ORIGINS`: comma-separated). The UI the server serves is on its
   * own origin and needs none. @default []
   */
  cors_origins: string[];
  /**
   * The key the server encrypts secrets with (AES-256-GCM): base64 of 32 random bytes, e.g.
   * from `headwater server secrets-key` or `openssl rand -base64 32`
   * (`HEADWATER__SERVER__SECRETS_KEY`). Empty, with no `secrets_key_file`: secrets are off
   * and secret operations say so. Masked when printed. @default ""
   */
  secrets_key: string;
  /** A file holding the secrets key instead (`HEADWATER__SERVER__SECRETS_KEY_FILE`). @default "" */
  secrets_key_file: string;
  /**
   * Seconds after which a run that found its concurrency limit full (stored `Queued`) is due
   * again (`HEADWATER__SERVER__QUEUE_INTERVAL`); a live run process tries again sooner. @default 30
   */
  queue_interval: number;
  services: {
    /** Creates the next runs of every active schedule. */
    scheduler: {
      /** @default true */
      enabled: boolean;
      /** Seconds between passes. @default 150 */
      interval: number;
      [key: string]: unknown;
    };
    /**
     * Retries or fails Running task runs whose flow run stopped sending heartbeats; fails
     * Cancelling runs without heartbeat.
     */
    zombie_killer: {
      /** @default true */
      enabled: boolean;
      /** Seconds between passes (a pass also runs at least every `heartbeat_timeout`). @default 120 */
      interval: number;
      /**
       * Seconds without a heartbeat after which a run counts as dead; keep it well above the runs'
       * `cloud.heartbeat_interval`. @default 120
       */
      heartbeat_timeout: number;
      [key: string]: unknown;
    };
    /** Reschedules Submitted/Running flow runs that stopped sending heartbeats, then fails them. */
    lazarus: {
      /** @default true */
      enabled: boolean;
      /** Seconds between passes (a pass also runs at least every `heartbeat_timeout`). @default 600 */
      interval: number;
      /** Seconds without a heartbeat after which a flow run counts as lost. @default 600 */
      heartbeat_timeout: number;
      [key: string]: unknown;
    };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Where the config comes from; every field defaults to the real process. */
export interface LoadConfigOptions {
  /** Environment to read `HEADWATER__…` variables from. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Config file. @default `HEADWATER__USER_CONFIG_PATH`, else `<home_dir>/config.toml` */
  path?: string;
}

/** The built-in default executor (config `engine.executor.default_class` unless changed). */
export const DEFAULT_EXECUTOR = '@headwater/core:LocalExecutor';

const PREFIX = 'HEADWATER__';
const SECRET = /token|secret|password|passwd|api_key|credentials/i;
const MASK = '********';

/**
 * The Headwater home directory: `HEADWATER__HOME_DIR`, else `~/.headwater`. Every package
 * that keeps files (the server's SQLite file and first-start token, stored logins, Local
 * storage bundles) puts them under it.
 */
export function headwaterHome(env: NodeJS.ProcessEnv = process.env): string {
  return env[`${PREFIX}HOME_DIR`] || join(homedir(), '.headwater');
}

/** Built-in defaults, before the config file and the environment. */
export function defaultConfig(homeDir: string = headwaterHome()): HeadwaterConfig {
  return {
    home_dir: homeDir,
    plugins: [],
    cloud: { api: 'http://127.0.0.1:4200', auth_token: '', heartbeat_interval: 30 },
    engine: { executor: { default_class: DEFAULT_EXECUTOR } },
    logging: { level: 'INFO', log_to_cloud: false },
    server: {
      host: '127.0.0.1',
      port: 4200,
      cors_origins: [],
      secrets_key: '',
      secrets_key_file: '',
      queue_interval: 30,
      services: {
        scheduler: { enabled: true, interval: 150 },
        zombie_killer: { enabled: true, interval: 120, heartbeat_timeout: 120 },
        lazarus: { enabled: true, interval: 600, heartbeat_timeout: 600 },
      },
    },
    flows: { defaults: { storage: { default_class: 'Docker' } } },
  };
}

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isTree(value) && isTree(out[key]) ? merge(out[key] as Tree, value) : value;
  }
  return out;
}

const lookup = (tree: Tree, path: readonly string[]): unknown =>
  path.reduce<unknown>((node, key) => (isTree(node) ? node[key] : undefined), tree);

/** Converts an environment string to the type of the default it replaces (or by its look when there is none). */
function coerce(raw: string, like: unknown, variable: string): unknown {
  if (Array.isArray(like)) {
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }
  const lower = raw.trim().toLowerCase();
  if (typeof like === 'boolean' || (like === undefined && (lower === 'true' || lower === 'false'))) {
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off', ''].includes(lower)) return false;
    throw new ConfigError({ source: variable, message: `expected true or false, got "${raw}"` });
  }
  if (typeof like === 'number' || (like === undefined && /^-?\d+(\.\d+)?$/.test(raw.trim()))) {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) {
      throw new ConfigError({ source: variable, message: `expected a number, got "${raw}"` });
    }
    return value;
  }
  return raw;
}

function fromEnvironment(env: Readonly<Record<string, string | undefined>>, defaults: Tree): Tree {
  let out: Tree = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || raw === undefined || name === `${PREFIX}USER_CONFIG_PATH`) continue;
    const path = name.slice(PREFIX.length).toLowerCase().split('__').filter(Boolean);
    if (path.length === 0) continue;
    const value = coerce(raw, lookup(defaults, path), name);
    const nested = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Tree;
    out = merge(out, nested);
  }
  return out;
}

function readFile(path: string): Tree {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError({
      source: path,
      message: `could not be read (${(error as Error).message})`,
      cause: error,
    });
  }
  try {
    return parse(text) as Tree;
  } catch (error) {
    throw new ConfigError({
      source: path,
      message: `is not valid TOML: ${(error as Error).message.split('\n')[0]}. Fix the file or point HEADWATER__USER_CONFIG_PATH elsewhere.`,
      cause: error,
    });
  }
}

type Shape = 'string' | 'number' | 'boolean' | 'seconds' | 'port';

const SHAPE_NAMES: Partial<Record<Shape, string>> = {
  seconds: 'a positive number of seconds',
  port: 'a port number (0-65535)',
};

const SHAPE_CHECKS: readonly [readonly string[], Shape][] = [
  [['home_dir'], 'string'],
  [['cloud', 'api'], 'string'],
  [['cloud', 'auth_token'], 'string'],
  [['cloud', 'heartbeat_interval'], 'number'],
  [['engine', 'executor', 'default_class'], 'string'],
  [['logging', 'level'], 'string'],
  [['logging', 'log_to_cloud'], 'boolean'],
  [['flows', 'defaults', 'storage', 'default_class'], 'string'],
  [['server', 'host'], 'string'],
  [['server', 'port'], 'port'],
  [['server', 'queue_interval'], 'seconds'],
  [['server', 'services', 'scheduler', 'enabled'], 'boolean'],
  [['server', 'services', 'scheduler', 'interval'], 'seconds'],
  [['server', 'services', 'zombie_killer', 'enabled'], 'boolean'],
  [['server', 'services', 'zombie_killer', 'interval'], 'seconds'],
  [['server', 'services', 'zombie_killer', 'heartbeat_timeout'], 'seconds'],
  [['server', 'services', 'lazarus', 'enabled'], 'boolean'],
  [['server', 'services', 'lazarus', 'interval'], 'seconds'],
  [['server', 'services', 'lazarus', 'heartbeat_timeout'], 'seconds'],
];

function hasShape(value: unknown, shape: Shape): boolean {
  if (shape === 'seconds') return typeof value === 'number' && Number.isFinite(value) && value > 0;
  if (shape === 'port')
    return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535;
  return typeof value === shape;
}

type Env = Readonly<Record<string, string | undefined>>;

function checkServerOrigins(merged: Tree, path: string, env: Env): void {
  const origins = lookup(merged, ['server', 'cors_origins']);
  if (!Array.isArray(origins) || origins.some((item) => typeof item !== 'string' || !parseOrigin(item))) {
    throw new ConfigError({
      source: env.HEADWATER__SERVER__CORS_ORIGINS === undefined ? path : 'HEADWATER__SERVER__CORS_ORIGINS',
      message: `server.cors_origins must be a list of origins (scheme, host and port, e.g. cors_origins = ["https://ops.example.com"]), got ${JSON.stringify(origins)} (check the file and HEADWATER__SERVER__CORS_ORIGINS)`,
    });
  }
}

function checkShapes(merged: Tree, path: string, env: Env): void {
  for (const [keys, type] of SHAPE_CHECKS) {
    const value = lookup(merged, keys);
    if (!hasShape(value, type)) {
      const variable = `${PREFIX}${keys.join('__').toUpperCase()}`;
      throw new ConfigError({
        source: env[variable] === undefined ? path : variable,
        message: `${keys.join('.')} must be ${SHAPE_NAMES[type] ?? `a ${type}`}, got ${JSON.stringify(value)} (check the file and ${variable})`,
      });
    }
  }
}

/**
 * Loads the config: built-in defaults ← the TOML file (`~/.headwater/config.toml`, or
 * `HEADWATER__USER_CONFIG_PATH`) ← `HEADWATER__SECTION__KEY` variables, coerced to the
 * type of the default they replace. `HEADWATER__HOME_DIR` moves the home directory (and
 * with it the default config file). Printing the result (console.log, JSON.stringify,
 * {@link formatConfig}) masks secrets.
 *
 * @example
 * ```ts
 * const config = loadConfig();
 * config.cloud.api; // "http://127.0.0.1:4200"
 * console.log(config); // cloud.auth_token shows as "********"
 * ```
 */
export function loadConfig(options: LoadConfigOptions = {}): HeadwaterConfig {
  const env = options.env ?? process.env;
  const defaults = defaultConfig(headwaterHome(env)) as unknown as Tree;
  const path =
    options.path ?? env[`${PREFIX}USER_CONFIG_PATH`] ?? join(String(defaults.home_dir), 'config.toml');
  const merged = merge(merge(defaults, readFile(path)), fromEnvironment(env, defaults));
  const plugins = merged.plugins;
  if (!Array.isArray(plugins) || plugins.some((item) => typeof item !== 'string')) {
    throw new ConfigError({
      source: path,
      message: `plugins must be a list of package names, e.g. plugins = ["headwater-storage-s3"], got ${JSON.stringify(plugins)} (check the file and HEADWATER__PLUGINS)`,
    });
  }
  checkServerOrigins(merged, path, env);
  checkShapes(merged, path, env);
  return withMaskedPrinting(merged) as HeadwaterConfig;
}

/** A copy with every secret-looking value (tokens, passwords, …) replaced by `********`. */
export function maskSecrets<T>(config: T): T {
  const mask = (node: unknown): unknown => {
    if (!isTree(node)) return node;
    const out: Tree = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = SECRET.test(key) && typeof value === 'string' && value !== '' ? MASK : mask(value);
    }
    return out;
  };
  return mask(config) as T;
}

/** The config as TOML, secrets masked — what `headwater config` prints. */
export function formatConfig(config: HeadwaterConfig): string {
  return stringify(maskSecrets(config));
}

const inspect = Symbol.for('nodejs.util.inspect.custom');

function withMaskedPrinting(tree: Tree): Tree {
  for (const value of Object.values(tree)) if (isTree(value)) withMaskedPrinting(value);
  Object.defineProperties(tree, {
    toJSON: { value: () => maskSecrets({ ...tree }), enumerable: false },
    [inspect]: { value: () => maskSecrets({ ...tree }), enumerable: false },
  });
  return tree;
}

let cached: HeadwaterConfig | undefined;

/** The process's config, loaded once (see {@link loadConfig}). */
export function getConfig(): HeadwaterConfig {
  cached ??= loadConfig();
  return cached;
}

/** Forgets the loaded config, so the next {@link getConfig} reads file and environment again. */
export function resetConfig(): void {
  cached = undefined;
}

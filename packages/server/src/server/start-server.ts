import { chmodSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { VERSION as CORE_VERSION } from '@headwater/core';
import { sql } from 'kysely';
import { DEFAULT_AGENT_CONNECTED_WITHIN_MS } from '../api/agents.js';
import { type ConcurrencySettings, DEFAULT_CONCURRENCY } from '../api/concurrency-limits.js';
import { type ApiLimits, DEFAULT_LIMITS } from '../api/limits.js';
import type { Store } from '../api/store.js';
import { insertApiToken, TokenAuthenticator } from '../auth/api-tokens.js';
import { type DatabaseKind, defaultHomeDir } from '../database/connect.js';
import { openDatabase } from '../database/database.js';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../database/private-paths.js';
import { checkCorsOrigins } from '../graphql/cors.js';
import { createApiYoga } from '../graphql/create-yoga.js';
import { bridgeRunEvents } from '../graphql/postgres-run-events.js';
import { RunEvents } from '../graphql/run-events.js';
import { SECRETS_KEY_HOWTO, type SecretsKey } from '../secrets/secrets-key.js';
import { type LazarusOptions, lazarusPass } from '../services/lazarus.js';
import { type LoopService, startLoop } from '../services/loop-service.js';
import { schedulerPass } from '../services/scheduler.js';
import { type ZombieKillerOptions, zombieKillerPass } from '../services/zombie-killer.js';
import { SERVER_VERSION } from '../version.js';
import { createHttpHandler } from './http-handler.js';

/** Settings of the background services; `false` turns one off. */
export interface ServicesOptions {
  /** Keeps the next 10 runs of every active schedule. */
  scheduler?: false | { intervalMs?: number };
  /** Retries or fails Running task runs whose flow run stopped heartbeating; fails stuck Cancelling runs. */
  zombieKiller?: false | ({ intervalMs?: number } & Partial<ZombieKillerOptions>);
  /** Reschedules lost Submitted/Running flow runs, then fails them. */
  lazarus?: false | ({ intervalMs?: number } & Partial<LazarusOptions>);
}

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Port to bind; 0 picks a free one. @default 4200 */
  port?: number;
  /** `postgres://…` for PostgreSQL; a file path (or `sqlite:<path>`) for SQLite. @default `<homeDir>/server/headwater.db` */
  databaseUrl?: string;
  /** Headwater home directory (default SQLite file, first-start token). @default `HEADWATER__HOME_DIR` or `~/.headwater` */
  homeDir?: string;
  /** Size limits; each refusal is a `BAD_USER_INPUT` error naming the limit. @default DEFAULT_LIMITS */
  limits?: Partial<ApiLimits>;
  /**
   * Background services and their intervals.
   * @default scheduler every 150 s; zombie killer every 120 s (2 min heartbeat timeout);
   * lazarus every 600 s (10 min heartbeat timeout, 3 resurrections)
   */
  services?: ServicesOptions | false;
  /**
   * Other web origins (`https://ops.example.com`) whose pages may call the API; any other
   * origin gets no CORS headers. The UI the server serves needs none. @default []
   */
  corsOrigins?: readonly string[];
  /**
   * The key secrets are encrypted with (`parseSecretsKey`). Without one the server
   * runs, says at start how to make one, and answers secret operations with `NOT_CONFIGURED`.
   */
  secretsKey?: SecretsKey;
  /**
   * A run that found its concurrency limit full is stored `Queued`, due again after this many
   * milliseconds (a live run process tries again sooner). @default 30_000
   */
  queueIntervalMs?: number;
  /** How often live subscriptions re-read the database. @default 1000 */
  subscriptionPollMs?: number;
  /**
   * An agent counts as connected while its last poll of the queue (or registration) is at most
   * this old; `FlowRun.waitingFor` explains due runs that no connected agent takes.
   * @default 60_000
   */
  agentConnectedWithinMs?: number;
  /** Largest PostgreSQL connection pool. @default 10 */
  poolSize?: number;
  /** Where the one-time first-start message (with the admin token) goes. @default writes to stdout */
  print?: (line: string) => void;
  /** Where operational errors go (failed service passes, internal errors; never secrets). @default writes to stderr */
  logError?: (message: string, error: unknown) => void;
}

/** A running API server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4200`. */
  url: string;
  /** The GraphQL endpoint, `<url>/graphql`. */
  graphqlUrl: string;
  /** Which database it runs on. */
  database: DatabaseKind;
  /** On the very first start only: the admin USER token and the 0600 file it was written to. */
  initialToken?: { token: string; file: string };
  /** Runs one pass of each service now (tests and tools). */
  runServices(): Promise<void>;
  /**
   * Stops accepting connections, lets in-flight requests finish (live subscriptions end),
   * stops the services and closes the database.
   */
  close(): Promise<void>;
}

/**
 * How concurrency limits are enforced: the queue interval, and the zombie killer's heartbeat
 * timeout, after which a silent Running flow run no longer holds a slot of its flow's limit.
 */
function concurrencySettings(options: StartServerOptions): ConcurrencySettings {
  const zombieKiller = options.services === false ? false : options.services?.zombieKiller;
  return {
    queueIntervalMs: options.queueIntervalMs ?? DEFAULT_CONCURRENCY.queueIntervalMs,
    heartbeatTimeoutMs:
      (zombieKiller === false ? undefined : zombieKiller?.heartbeatTimeoutMs) ??
      DEFAULT_CONCURRENCY.heartbeatTimeoutMs,
  };
}

/** The file the first start writes the admin token to. */
export function initialTokenFile(homeDir: string): string {
  return join(homeDir, 'server', 'admin-token');
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts the Headwater API server: migrates the database, creates the default tenant on the
 * first start (printing a one-time admin USER token, also written 0600 to
 * `<homeDir>/server/admin-token`), serves GraphQL at `/graphql` and `/health`, and runs the
 * scheduler, zombie killer and lazarus services.
 *
 * @example
 * ```ts
 * const server = await startServer({ port: 4200 });
 * process.once('SIGTERM', () => server.close());
 * ```
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 4200;
  const homeDir = options.homeDir ?? defaultHomeDir();
  const limits: ApiLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const corsOrigins = checkCorsOrigins(options.corsOrigins ?? [], 'corsOrigins');
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logError =
    options.logError ??
    ((message: string, error: unknown) =>
      process.stderr.write(
        `${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      ));

  const database = await openDatabase(options.databaseUrl, { homeDir, poolSize: options.poolSize });
  const store: Store = { db: database.db, kind: database.kind };
  let initialToken: RunningServer['initialToken'];
  if (database.createdDefaultTenant) {
    const { token } = await insertApiToken(store.db, {
      tenantId: database.defaultTenantId,
      name: 'admin',
      scope: 'USER',
    });
    const file = initialTokenFile(homeDir);
    makePrivateDir(dirname(file), { owned: true });
    writeFileSync(file, `${token}\n`, { mode: PRIVATE_FILE_MODE });
    chmodSync(file, PRIVATE_FILE_MODE);
    initialToken = { token, file };
    print(
      `Created the default tenant. Admin API token (USER scope), shown only this once and saved to ${file}:`,
    );
    print(token);
  }

  if (!options.secretsKey) print(`Secrets are off: no secrets key was given. ${SECRETS_KEY_HOWTO}`);
  const shutdown = new AbortController();
  const events = new RunEvents();
  // Replicas on one PostgreSQL wake each other's subscriptions (agents waiting for runs) at once.
  const authenticator = new TokenAuthenticator(store.db);
  // On SQLite this is the only server, so every revocation is made (and heard) here.
  if (database.kind === 'sqlite') authenticator.hearsRevocations(true);
  const eventsBridge =
    database.kind === 'postgres' && options.databaseUrl
      ? await bridgeRunEvents(events, options.databaseUrl, logError, authenticator)
      : undefined;
  const yoga = createApiYoga({
    store,
    limits,
    info: { version: SERVER_VERSION, coreVersion: CORE_VERSION },
    events,
    authenticator,
    subscriptionPollMs: options.subscriptionPollMs ?? 1000,
    agentConnectedWithinMs: options.agentConnectedWithinMs ?? DEFAULT_AGENT_CONNECTED_WITHIN_MS,
    shutdown: shutdown.signal,
    onInternalError: (error) => logError('Internal API error', error),
    corsOrigins,
    secretsKey: options.secretsKey ?? null,
    concurrency: concurrencySettings(options),
  });
  const handler = createHttpHandler({
    yoga,
    bodyLimit: limits.bodyBytes,
    health: async () => {
      await sql`select 1`.execute(store.db);
    },
    onError: (error) => logError('HTTP handler error', error),
  });
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const done = handler(req, res);
    inFlight.add(done);
    done.finally(() => inFlight.delete(done));
  });
  // Idle keep-alive sockets are closed by clients first (undici: 4 s); a server closing them
  // first races with a request being sent on them (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;

  const services: LoopService[] = [];
  const serviceOptions = options.services === false ? null : (options.services ?? {});
  if (serviceOptions) {
    const onError = (name: string) => (error: unknown) => logError(`The ${name} pass failed`, error);
    if (serviceOptions.scheduler !== false) {
      const s = serviceOptions.scheduler ?? {};
      services.push(
        startLoop(
          'scheduler',
          s.intervalMs ?? 150_000,
          async () => {
            if ((await schedulerPass(store)) > 0) events.notify(database.defaultTenantId);
          },
          onError('scheduler'),
        ),
      );
    }
    if (serviceOptions.zombieKiller !== false) {
      const z = serviceOptions.zombieKiller ?? {};
      const zombieOptions: ZombieKillerOptions = {
        heartbeatTimeoutMs: z.heartbeatTimeoutMs ?? 120_000,
        batchSize: z.batchSize ?? 5000,
      };
      services.push(
        startLoop(
          'zombie-killer',
          z.intervalMs ?? 120_000,
          async () => {
            await zombieKillerPass(store, zombieOptions);
          },
          onError('zombie killer'),
        ),
      );
    }
    if (serviceOptions.lazarus !== false) {
      const l = serviceOptions.lazarus ?? {};
      const lazarusOptions: LazarusOptions = {
        heartbeatTimeoutMs: l.heartbeatTimeoutMs ?? 600_000,
        maxResurrections: l.maxResurrections ?? 3,
        batchSize: l.batchSize ?? 500,
      };
      services.push(
        startLoop(
          'lazarus',
          l.intervalMs ?? 600_000,
          async () => {
            await lazarusPass(store, lazarusOptions);
          },
          onError('lazarus'),
        ),
      );
    }
  }

  let address: AddressInfo;
  try {
    address = await listen(server, port, host);
  } catch (error) {
    await Promise.all(services.map((service) => service.stop()));
    await eventsBridge?.close();
    await database.db.destroy();
    throw error;
  }
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    database: database.kind,
    ...(initialToken ? { initialToken } : {}),
    async runServices() {
      for (const service of services) await service.runOnce();
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        shutdown.abort();
        await Promise.all(services.map((service) => service.stop()));
        const drained = Promise.allSettled([...inFlight]);
        const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
        await Promise.race([drained, timeout]);
        server.closeAllConnections();
        await closed;
        await eventsBridge?.close();
        await database.db.destroy();
      })();
      return closing;
    },
  };
}

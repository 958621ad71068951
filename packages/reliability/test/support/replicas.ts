import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type HeadwaterProcess, startHeadwater } from './headwater-process.js';
import { listening, type ServerUnderTest } from './server-under-test.js';

/** Another `headwater server start` on the PostgreSQL database of a {@link ServerUnderTest}. */
export interface Replica {
  /** Its API URL; the same after a restart. */
  readonly api: string;
  /** The process serving now (a restart starts a new one). */
  readonly process: HeadwaterProcess;
  /** Ends the process with `signal` (SIGTERM by default). */
  stop(signal?: NodeJS.Signals): Promise<unknown>;
  /** Starts the replica again on the same port and database; resolves when it listens. */
  restart(): Promise<void>;
}

export interface ReplicaOptions {
  /** A name of its own: its home directory under the server's scratch directory. */
  name: string;
  /** More environment variables (e.g. `HEADWATER__SERVER__SERVICES__…` settings). */
  env?: Record<string, string>;
  /** More `server start` options. */
  args?: readonly string[];
}

/**
 * Starts a replica of `server`: a server process of its own (own home, own port) on the same
 * PostgreSQL database. It prints no admin token: the database has its tenant already.
 */
export async function startReplica(server: ServerUnderTest, options: ReplicaOptions): Promise<Replica> {
  if (!server.databaseUrl)
    throw new Error('Replicas share a PostgreSQL database; this server runs on SQLite.');
  const home = join(server.scratch, options.name);
  mkdirSync(home, { recursive: true });
  const start = (port: string) =>
    startHeadwater(
      ['server', 'start', '--port', port, '--database-url', server.databaseUrl!, ...(options.args ?? [])],
      { env: { HOME: home, HEADWATER__HOME_DIR: home, ...options.env } },
    );
  let current = start('0');
  const { api } = await listening(current, { adminToken: false });
  const port = new URL(api).port;
  return {
    api,
    get process() {
      return current;
    },
    stop: (signal) => current.stop(signal),
    async restart() {
      await current.stop('SIGKILL');
      current = start(port);
      await listening(current, { adminToken: false });
    },
  };
}

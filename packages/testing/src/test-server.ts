import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from './postgres.js';

/** A real Headwater API server in this process, on a free port, with its own home and database. */
export interface TestServer {
  api: string;
  /** The first-start admin token (USER scope). */
  adminToken: string;
  homeDir: string;
  close(): Promise<void>;
}

/** What a test server needs of `@headwater/server`'s `startServer` (passed in: this package depends on none of ours). */
export type StartServer = (options: {
  port: number;
  homeDir: string;
  services: false;
  print: (line: string) => void;
  databaseUrl?: string;
}) => Promise<{ url: string; initialToken?: { token: string } | undefined; close(): Promise<void> }>;

/**
 * Starts `startServer` from `@headwater/server` on a free port, with a home of its own and,
 * for PostgreSQL, a scratch database on `adminUrl` that is dropped on close.
 *
 * @example
 * ```ts
 * const server = await startTestServer(startServer, 'postgres', env.databaseUrl);
 * ```
 */
export async function startTestServer(
  startServer: StartServer,
  database: 'sqlite' | 'postgres',
  adminUrl?: string,
): Promise<TestServer> {
  const homeDir = mkdtempSync(join(tmpdir(), 'headwater-test-server-'));
  const scratch =
    database === 'postgres' ? await createScratchDatabase(adminUrl!, 'headwater_test') : undefined;
  const server = await startServer({
    port: 0,
    homeDir,
    services: false,
    print: () => {},
    ...(scratch ? { databaseUrl: scratch.url } : {}),
  });
  return {
    api: server.url,
    adminToken: server.initialToken!.token,
    homeDir,
    async close() {
      await server.close();
      await scratch?.drop();
      rmSync(homeDir, { recursive: true, force: true });
    },
  };
}

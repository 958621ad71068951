import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@headwater/server';
import { createScratchDatabase } from '@headwater/testing';

/** A real Headwater API server in this process, on a free port, with its own home and database. */
export interface TestServer {
  api: string;
  /** The first-start admin token (USER scope). */
  adminToken: string;
  homeDir: string;
  close(): Promise<void>;
}

export async function startTestServer(
  database: 'sqlite' | 'postgres',
  adminUrl?: string,
): Promise<TestServer> {
  const homeDir = mkdtempSync(join(tmpdir(), 'headwater-client-test-'));
  const scratch =
    database === 'postgres' ? await createScratchDatabase(adminUrl!, 'headwater_client') : undefined;
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

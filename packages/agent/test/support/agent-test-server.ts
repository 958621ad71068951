import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@headwater/client';
import { type ServicesOptions, startServer } from '@headwater/server';
import { createScratchDatabase } from '@headwater/testing';

/** A real API server for agent tests, with a USER client, a RUNNER token and a project. */
export interface AgentTestServer {
  api: string;
  /** A client with the admin (USER) token. */
  admin: Client;
  /** A RUNNER token for agents. */
  runnerToken: string;
  projectName: string;
  /** Scratch directory for bundles, side-effect files and homes. */
  scratch: string;
  /** Runs one pass of the zombie killer, lazarus and scheduler now. */
  runServices(): Promise<void>;
  close(): Promise<void>;
}

export async function startAgentTestServer(
  options: { databaseUrl?: string; services?: ServicesOptions | false } = {},
): Promise<AgentTestServer> {
  const scratch = mkdtempSync(join(tmpdir(), 'headwater-agent-test-'));
  const database = options.databaseUrl
    ? await createScratchDatabase(options.databaseUrl, 'headwater_agent')
    : undefined;
  const server = await startServer({
    port: 0,
    homeDir: join(scratch, 'server-home'),
    services: options.services ?? false,
    print: () => {},
    logError: () => {},
    ...(database ? { databaseUrl: database.url } : {}),
  });
  const admin = new Client({ api: server.url, token: server.initialToken!.token, env: {}, config: {} });
  const { token: runnerToken } = await admin.createApiToken({ name: 'agents', scope: 'RUNNER' });
  const projectName = 'Agents';
  await admin.createProject({ projectName });
  return {
    api: server.url,
    admin,
    runnerToken,
    projectName,
    scratch,
    runServices: () => server.runServices(),
    async close() {
      await server.close();
      await database?.drop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

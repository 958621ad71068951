import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@headwater/client';
import type { Flow } from '@headwater/core';
import { createLocalStorage } from '@headwater/storage-local';
import { createScratchDatabase, requireTestEnv } from '@headwater/testing';
import { type HeadwaterProcess, runHeadwater, startHeadwater } from './headwater-process.js';

export type DatabaseKind = 'sqlite' | 'postgres';

const postgres = requireTestEnv(['databaseUrl']);

/** The databases a test can run on here: SQLite always, PostgreSQL when the test environment has it. */
export const databases: DatabaseKind[] = postgres.available ? ['sqlite', 'postgres'] : ['sqlite'];

/** A `headwater server start` process on a free loopback port, with a scratch home and database. */
export interface ServerUnderTest {
  api: string;
  /** The one-time admin (USER) token of the first start. */
  adminToken: string;
  /** A client with the admin token. */
  admin: Client;
  /** The PostgreSQL database URL (replicas start on it); undefined on SQLite. */
  databaseUrl: string | undefined;
  /** Scratch directory: `home/` is HEADWATER__HOME_DIR (and HOME) of the server and the CLI commands. */
  scratch: string;
  home: string;
  process: HeadwaterProcess;
  /** The environment for `headwater` commands against this server (`token` defaults to the admin token). */
  env(token?: string): Record<string, string>;
  /** Stops the server (SIGTERM), drops its database and removes the scratch directory. */
  close(): Promise<void>;
}

export interface ServerUnderTestOptions {
  database: DatabaseKind;
  /** More `server start` options. */
  args?: readonly string[];
  /** More environment variables (e.g. `HEADWATER__SERVER__…` settings). */
  env?: Record<string, string>;
  /** Start the server under this umask (see {@link startHeadwater}). */
  umask?: string;
}

/** Starts a real server process and waits until it listens and printed its admin token. */
export async function startServerUnderTest(options: ServerUnderTestOptions): Promise<ServerUnderTest> {
  const scratch = mkdtempSync(join(tmpdir(), 'headwater-reliability-'));
  const home = join(scratch, 'home');
  if (options.database === 'postgres' && !postgres.available) {
    throw new Error(`PostgreSQL is not in the test environment (missing ${postgres.missing.join(', ')}).`);
  }
  const database =
    postgres.available && options.database === 'postgres'
      ? await createScratchDatabase(postgres.env.databaseUrl, 'headwater_reliability')
      : undefined;
  const baseEnv = { HOME: home, HEADWATER__HOME_DIR: home, ...options.env };
  const server = startHeadwater(
    [
      'server',
      'start',
      '--port',
      '0',
      ...(database ? ['--database-url', database.url] : []),
      ...(options.args ?? []),
    ],
    { env: baseEnv, ...(options.umask ? { umask: options.umask } : {}) },
  );
  const close = async () => {
    await server.stop();
    await database?.drop();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const { api, adminToken } = await listening(server, { adminToken: true });
    return {
      api,
      adminToken,
      admin: new Client({ api, token: adminToken, env: {}, config: {} }),
      databaseUrl: database?.url,
      scratch,
      home,
      process: server,
      env: (token = adminToken) => ({
        ...baseEnv,
        HEADWATER__CLOUD__API: api,
        HEADWATER__CLOUD__AUTH_TOKEN: token,
      }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Waits for `listening on <url>` and, on a database's first start, the admin token line; fails
 * with the output when the server exits or takes over 60 s.
 */
export async function listening(
  server: HeadwaterProcess,
  options: { adminToken: boolean },
): Promise<{ api: string; adminToken: string }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = server.output();
    const api = /listening on (http:\/\/\S+)/.exec(text)?.[1];
    const adminToken = /^(hw_\S+)$/m.exec(text)?.[1];
    if (api && (adminToken || !options.adminToken)) return { api, adminToken: adminToken ?? '' };
    const exited = await Promise.race([server.exited.then(() => true), sleep(100).then(() => false)]);
    if (exited) throw new Error(`headwater server start exited:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`headwater server start did not listen within 60 s:\n${text}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates a RUNNER token for agents. */
export async function runnerToken(server: ServerUnderTest, name = 'agents'): Promise<string> {
  return (await server.admin.createApiToken({ name, scope: 'RUNNER' })).token;
}

/**
 * `headwater deploy <file> --project <project> --storage local`: bundles the flows of `file`
 * into Local storage under the scratch directory and registers them; resolves to the flow
 * id by name. Creates the project first when it is missing.
 */
export async function deployLocal(
  server: ServerUnderTest,
  file: string,
  project = 'Reliability',
): Promise<Map<string, string>> {
  const projects = await server.admin.graphql<{ projects: { name: string }[] }>('{ projects { name } }');
  if (!projects.projects.some((p) => p.name === project))
    await server.admin.createProject({ projectName: project });
  const { code, output } = await runHeadwater(
    [
      'deploy',
      file,
      '--project',
      project,
      '--storage',
      'local',
      '--directory',
      join(server.scratch, 'flows'),
    ],
    { env: server.env(), timeoutMs: 180_000 },
  );
  if (code !== 0) throw new Error(`headwater deploy ${file} failed (${code}):\n${output}`);
  const flows = await server.admin.graphql<{ flows: { nodes: { id: string; name: string }[] } }>(
    '{ flows(first: 500) { nodes { id name } } }',
  );
  return new Map(flows.flows.nodes.map((f) => [f.name, f.id]));
}

/**
 * Bundles `flows` (imported by the test) into one Local storage under the scratch directory
 * and registers them through the admin client, in this process: quicker than one
 * `headwater deploy` per flow. Resolves to the flow ids by name.
 */
export async function deployLocalFlows(
  server: ServerUnderTest,
  flows: readonly Flow[],
  project = 'Reliability',
): Promise<Map<string, string>> {
  const projects = await server.admin.graphql<{ projects: { name: string }[] }>('{ projects { name } }');
  if (!projects.projects.some((p) => p.name === project))
    await server.admin.createProject({ projectName: project });
  const storage = createLocalStorage({ directory: join(server.scratch, 'flows') });
  for (const flow of flows) storage.addFlow(flow);
  const ids = new Map<string, string>();
  for (const flow of flows) {
    flow.storage = storage;
    ids.set(flow.name, (await server.admin.deploy(flow, project, { setScheduleActive: false })).id);
  }
  return ids;
}

/**
 * `headwater agent start process` with a RUNNER token; `runEnv` goes to every run (`--env`).
 * Stop it with `stop()` (or kill it: `stop('SIGKILL')`).
 */
export function startProcessAgent(
  server: ServerUnderTest,
  token: string,
  options: { name?: string; runEnv?: Record<string, string>; args?: readonly string[] } = {},
): HeadwaterProcess {
  const runEnv = Object.entries(options.runEnv ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  return startHeadwater(
    [
      'agent',
      'start',
      'process',
      '--token',
      token,
      '--name',
      options.name ?? 'reliability-agent',
      ...runEnv,
      ...(options.args ?? []),
    ],
    { env: server.env(token) },
  );
}

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTokenDirect, initialTokenFile } from '../src/index.js';
import {
  backends,
  CREATE_FLOW,
  CREATE_FLOW_RUN,
  CREATE_PROJECT,
  gql,
  gqlData,
  headwaterFlow,
} from './helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/server-process.ts', import.meta.url));

interface Child {
  process: ChildProcess;
  graphqlUrl: string;
  url: string;
  token: string | null;
  exited: Promise<number | null>;
}

async function spawnServer(databaseUrl: string, homeDir: string): Promise<Child> {
  const child = spawn(process.execPath, ['--conditions=@headwater/source', '--import', 'tsx', fixture], {
    cwd: repoRoot,
    env: { ...process.env, HW_TEST_DATABASE_URL: databaseUrl, HW_TEST_HOME: homeDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server process exited with ${code} before it started`)));
  });
  return { process: child, exited, ...JSON.parse(line) };
}

describe.each(backends)('server process on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let database: Awaited<ReturnType<(typeof backends)[number]['create']>>;
    let token: string;
    beforeAll(async () => {
      database = await backend.create();
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('prints a first-start USER token once and writes it 0600 under the home dir', async () => {
      const first = await spawnServer(database.url, database.homeDir);
      expect(first.token).toMatch(/^hw_/);
      token = first.token!;
      const file = initialTokenFile(database.homeDir);
      expect(readFileSync(file, 'utf8').trim()).toBe(token);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const info = await gqlData(
        { graphqlUrl: first.graphqlUrl },
        token,
        `{ authInfo { scope tenantName } }`,
      );
      expect(info.authInfo).toEqual({ scope: 'USER', tenantName: 'Default' });
      first.process.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      const second = await spawnServer(database.url, database.homeDir);
      expect(second.token).toBeNull();
      second.process.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    });

    it('creates tokens directly in the database, beside a running server', async () => {
      const server = await spawnServer(database.url, database.homeDir);
      try {
        const runner = await createApiTokenDirect({
          databaseUrl: database.url,
          homeDir: database.homeDir,
          name: 'cli',
          scope: 'RUNNER',
        });
        expect(runner.token).toMatch(/^hw_/);
        const info = await gqlData(
          { graphqlUrl: server.graphqlUrl },
          runner.token,
          `{ authInfo { scope tokenName } }`,
        );
        expect(info.authInfo).toEqual({ scope: 'RUNNER', tokenName: 'cli' });
        await expect(
          createApiTokenDirect({ databaseUrl: database.url, name: 'x', scope: 'ADMIN' as never }),
        ).rejects.toThrow(/USER or RUNNER/);
      } finally {
        server.process.kill('SIGTERM');
        await server.exited;
      }
    });

    it('loses no acknowledged write to SIGKILL', async () => {
      const server = await spawnServer(database.url, database.homeDir);
      const endpoint = { graphqlUrl: server.graphqlUrl };
      const project = await gqlData(endpoint, token, CREATE_PROJECT, { input: { name: 'Durable' } });
      const flow = await gqlData(endpoint, token, CREATE_FLOW, {
        input: { projectId: project.createProject.id, serializedFlow: headwaterFlow('durable') },
      });
      const acknowledged: string[] = [];
      let enough!: () => void;
      const someAcknowledged = new Promise<void>((resolve) => {
        enough = resolve;
      });
      const writes = Array.from({ length: 40 }, async (_, i) => {
        const result = await gql(endpoint, token, CREATE_FLOW_RUN, {
          input: { flowId: flow.createFlow.id, parameters: { x: i } },
        }).catch(() => null);
        if (result?.data?.createFlowRun) acknowledged.push(result.data.createFlowRun.id);
        if (acknowledged.length >= 5) enough();
      });
      // Kill while later writes are still in flight.
      await Promise.race([Promise.all(writes), someAcknowledged]);
      const before = [...acknowledged];
      server.process.kill('SIGKILL');
      await server.exited;
      await Promise.allSettled(writes);
      expect(before.length).toBeGreaterThan(0);

      const restarted = await spawnServer(database.url, database.homeDir);
      try {
        const runs = await gqlData(
          { graphqlUrl: restarted.graphqlUrl },
          token,
          `query($f: ID!) { flowRuns(filter: { flowId: $f }, first: 500) { nodes { id state taskRuns { id } } } }`,
          {
            f: flow.createFlow.id,
          },
        );
        const stored = new Map(runs.flowRuns.nodes.map((run: any) => [run.id, run]));
        for (const id of before) {
          expect(stored.has(id)).toBe(true);
          expect((stored.get(id) as any).taskRuns).toHaveLength(3);
        }
      } finally {
        restarted.process.kill('SIGTERM');
        await restarted.exited;
      }
    });

    it('drains in-flight requests on SIGTERM', async () => {
      const server = await spawnServer(database.url, database.homeDir);
      const endpoint = { graphqlUrl: server.graphqlUrl };
      const projects = await gqlData(endpoint, token, `{ projects(name: "Durable") { id flows { id } } }`);
      const flowId = projects.projects[0].flows[0].id;
      let firstAnswered!: () => void;
      const answered = new Promise<void>((resolve) => {
        firstAnswered = resolve;
      });
      const statuses: number[] = [];
      const acknowledged: string[] = [];
      const writes = Array.from({ length: 30 }, async (_, i) => {
        try {
          const result = await gql(endpoint, token, CREATE_FLOW_RUN, {
            input: { flowId, parameters: { x: i }, idempotencyKey: `drain-${i}` },
          });
          statuses.push(result.status);
          if (result.data?.createFlowRun) acknowledged.push(result.data.createFlowRun.id);
          firstAnswered();
        } catch {
          // Refused after the listener closed: never acknowledged, so nothing to check.
        }
      });
      await answered;
      server.process.kill('SIGTERM');
      await Promise.allSettled(writes);
      expect(await server.exited).toBe(0);
      expect(statuses.every((status) => status === 200)).toBe(true);

      const restarted = await spawnServer(database.url, database.homeDir);
      try {
        const runs = await gqlData(
          { graphqlUrl: restarted.graphqlUrl },
          token,
          `query($f: ID!) { flowRuns(filter: { flowId: $f }, first: 500) { nodes { id } } }`,
          {
            f: flowId,
          },
        );
        const stored = new Set(runs.flowRuns.nodes.map((run: any) => run.id));
        for (const id of acknowledged) expect(stored.has(id)).toBe(true);
      } finally {
        restarted.process.kill('SIGTERM');
        await restarted.exited;
      }
    });
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HeadwaterProcess, startHeadwater } from './support/headwater-process.js';
import {
  createNamespaceHosts,
  type NamespaceHost,
  namespacesUnavailable,
} from './support/network-namespaces.js';
import {
  deployLocal,
  runnerToken,
  type ServerUnderTest,
  startServerUnderTest,
} from './support/server-under-test.js';
import { eventually, finalState } from './support/waiting.js';

const unavailable = namespacesUnavailable();
if (unavailable) throw new Error(`These tests build hosts from network namespaces: ${unavailable}`);

const TASK_RUNS = `query hostsTaskRuns($id: ID!, $after: String) {
  taskRuns(filter: { flowRunId: $id }, first: 500, after: $after) {
    nodes { taskSlug mapIndex state states { state } } pageInfo { endCursor hasNextPage } } }`;

interface TaskRunHistory {
  taskSlug: string;
  mapIndex: number;
  state: string;
  states: { state: string }[];
}

/** A free TCP port on `host`. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('tasks of one flow run over BullMQ workers on two hosts (network namespaces), agent on one, server and PostgreSQL on another', () => {
  let namespaces: ReturnType<typeof createNamespaceHosts>;
  let hosts: NamespaceHost[];
  let redis: ChildProcess;
  let server: ServerUnderTest;
  let token: string;
  let flowId: string;
  const processes: HeadwaterProcess[] = [];
  const workers: HeadwaterProcess[] = [];
  const queue = `hosts-${process.pid}`;

  beforeAll(async () => {
    namespaces = createNamespaceHosts(2, 'hw');
    hosts = namespaces.hosts;
    // The server's host is this namespace; the others reach it on their pair's gateway address.
    const serverHost = hosts[0]!.gateway;
    const redisPort = await freePort(serverHost);
    // Redis serves addresses past loopback only with a password (protected mode).
    const password = randomBytes(12).toString('hex');
    redis = spawn(
      'redis-server',
      [
        '--bind',
        serverHost,
        '--port',
        String(redisPort),
        '--requirepass',
        password,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      {
        stdio: 'ignore',
      },
    );
    const redisUrl = `redis://:${password}@${serverHost}:${redisPort}`;
    server = await startServerUnderTest({
      database: 'postgres',
      args: ['--host', serverHost],
      env: { BULLMQ_REDIS: redisUrl, BULLMQ_QUEUE: queue },
    });
    expect(server.api).toContain(serverHost);
    token = await runnerToken(server);
    // The agent's host has the executor installed where its run processes resolve it from (the
    // flow bundles' directory), as a user installs it next to their flows; its build is used.
    mkdirSync(join(server.scratch, 'flows', 'node_modules', '@headwater'), { recursive: true });
    symlinkSync(
      join(import.meta.dirname, '..', '..', 'executor-bullmq'),
      join(server.scratch, 'flows', 'node_modules', '@headwater', 'executor-bullmq'),
    );
    flowId = (await deployLocal(server, join(import.meta.dirname, 'fixtures', 'bullmq-squares.ts'))).get(
      'bullmq-squares',
    )!;

    const agent = startHeadwater(['agent', 'start', 'process', '--token', token, '--name', 'agent-host-1'], {
      env: server.env(token),
      prefix: hosts[0]!.exec,
    });
    processes.push(agent);
    for (const host of hosts) {
      for (let i = 0; i < 2; i += 1) {
        const worker = startHeadwater(
          [
            'worker',
            'start',
            '--redis',
            redisUrl,
            '--queue',
            queue,
            '--concurrency',
            '8',
            '--token',
            token,
            '--lock-duration',
            '5',
          ],
          { env: server.env(token), prefix: host.exec },
        );
        workers.push(worker);
        processes.push(worker);
      }
    }
    for (const worker of workers) {
      await eventually(
        'the worker to be ready',
        () => {
          if (worker.output().includes('Worker ready')) return true;
          if (worker.child.exitCode !== null)
            throw new Error(`headwater worker start exited:\n${worker.output()}`);
          return undefined;
        },
        240_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${worker.output()}`);
      });
    }
  }, 600_000);

  afterAll(async () => {
    for (const child of processes) await child.stop('SIGKILL');
    namespaces?.remove();
    redis?.kill('SIGKILL');
    await server?.close();
  });

  /** Every task run of the flow run with its state history, page by page. */
  async function taskRunsOf(flowRunId: string): Promise<TaskRunHistory[]> {
    const all: TaskRunHistory[] = [];
    let after: string | null = null;
    for (;;) {
      const data: {
        taskRuns: { nodes: TaskRunHistory[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
      } = await server.admin.graphql(TASK_RUNS, { id: flowRunId, after });
      all.push(...data.taskRuns.nodes);
      if (!data.taskRuns.pageInfo.hasNextPage) return all;
      after = data.taskRuns.pageInfo.endCursor;
    }
  }

  async function expectEveryChildSuccessOnce(flowRunId: string, n: number) {
    const children = (await taskRunsOf(flowRunId)).filter(
      (t) => t.taskSlug.startsWith('square') && t.mapIndex >= 0,
    );
    expect(children).toHaveLength(n);
    expect(new Set(children.map((c) => c.mapIndex)).size).toBe(n);
    const notOnce = children.filter(
      (c) => c.state !== 'Success' || c.states.filter((s) => s.state === 'Success').length !== 1,
    );
    expect(notOnce).toEqual([]);
    return children;
  }

  it('maps over 10,000 items across 4 workers on 2 hosts: every child Success exactly once', async () => {
    const out = join(server.scratch, 'ten-thousand.total');
    const run = await server.admin.createFlowRun({ flowId, parameters: { n: 10_000, out } });
    expect(await finalState(server.admin, run.id, 1_500_000)).toBe('Success');
    await expectEveryChildSuccessOnce(run.id, 10_000);
    const expected = Array.from({ length: 10_000 }, (_, i) => i * i).reduce((a, b) => a + b, 0);
    expect(Number(readFileSync(out, 'utf8'))).toBe(expected);
  }, 1_800_000);

  it('still ends every child Success exactly once when a worker is killed midway', async () => {
    const out = join(server.scratch, 'killed.total');
    const n = 600;
    const run = await server.admin.createFlowRun({ flowId, parameters: { n, out, pause_ms: 300 } });
    await eventually(
      'a tenth of the children to succeed',
      async () => {
        const done = (await taskRunsOf(run.id)).filter(
          (t) => t.mapIndex >= 0 && t.state === 'Success',
        ).length;
        return done >= n / 10 ? done : undefined;
      },
      600_000,
    );
    // Killed while it holds task runs it wrote Running and has not finished.
    const victim = workers[3]!;
    const inFlight = () => {
      const started = [...victim.output().matchAll(/Starting task run (square-\d+\[\d+\])/g)].map(
        (m) => m[1]!,
      );
      const finished = new Set(
        [...victim.output().matchAll(/headwater\.Task: (square-\d+\[\d+\]) - INFO - Finished task run/g)].map(
          (m) => m[1]!,
        ),
      );
      return started.filter((label) => !finished.has(label));
    };
    await eventually(
      'the worker to hold a running task run',
      () => (inFlight().length > 0 ? true : undefined),
      300_000,
    );
    expect(await victim.stop('SIGKILL')).toBe('SIGKILL');
    const cut = inFlight().map((label) => Number(/\[(\d+)\]/.exec(label)![1]));
    expect(cut.length).toBeGreaterThan(0);
    expect(await finalState(server.admin, run.id, 900_000)).toBe('Success');
    const children = await expectEveryChildSuccessOnce(run.id, n);
    // A task run the killed worker held ran again elsewhere: Running a second time, Success once.
    // (One it had just finished, before it logged so, has its one Success already.)
    const held = children.filter((c) => cut.includes(c.mapIndex));
    expect(held.some((c) => c.states.filter((s) => s.state === 'Running').length > 1)).toBe(true);
    const expected = Array.from({ length: n }, (_, i) => i * i).reduce((a, b) => a + b, 0);
    expect(Number(readFileSync(out, 'utf8'))).toBe(expected);
  }, 1_200_000);
});

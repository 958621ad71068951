import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@headwater/client';
import { addPluginSearchPath, Flow, Parameter, Scheduled, Submitted, task } from '@headwater/core';
import { RemoteEnvironment } from '@headwater/environments';
import { executeFlowRun } from '@headwater/runtime';
import { startServer } from '@headwater/server';
import { requireTestEnv, startTestServer } from '@headwater/testing';
import type { Benchmark, BenchmarkResult } from '../../../bench/harness.js';
import { benchSize } from '../../../bench/harness.js';
import { startBullMQWorker } from '../src/worker.js';

const redis = requireTestEnv(['redisUrl']);
addPluginSearchPath(join(import.meta.dirname, '..'));

/** A fan-out of `n` small tasks (each yields once) on the executor `environment` names. */
function fanOut(environment: RemoteEnvironment): Flow {
  const flow = new Flow('fan-out', { environment });
  const n = flow.addTask(new Parameter<number>('n', { default: 10 }));
  const items = flow.add(
    task(({ n }: { n: number }) => Array.from({ length: n }, (_, i) => i), { name: 'items' }),
    { n },
  );
  flow.map(
    task(
      async ({ x }: { x: number }) => {
        await new Promise((resolve) => setImmediate(resolve));
        return x + 1;
      },
      { name: 'work' },
    ),
    { x: items },
  );
  return flow;
}

/** Runs `flow` as a claimed flow run with `n` items against the server; resolves to tasks/s. */
async function tasksPerSecond(
  admin: Client,
  api: string,
  token: string,
  home: string,
  flow: Flow,
  projectId: string,
  n: number,
): Promise<number> {
  const { id: flowId } = await admin.createFlow(flow.serialize() as never, { projectId });
  const run = await admin.createFlowRun({ flowId, parameters: { n } });
  await admin.setFlowRunState(
    run.id,
    run.version,
    new Submitted({ message: 'bench', state: new Scheduled() }),
  );
  const started = performance.now();
  const result = await executeFlowRun({
    env: {
      HEADWATER__HOME_DIR: home,
      HEADWATER__CLOUD__API: api,
      HEADWATER__CLOUD__AUTH_TOKEN: token,
      HEADWATER__CONTEXT__FLOW_RUN_ID: run.id,
    },
    loadFlow: async () => flow,
    write: () => {},
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.state !== 'Success') throw new Error(`The ${flow.name} run ended ${result.state}.`);
  return n / seconds;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'executor-bullmq: fan-out tasks/s',
    description:
      'a flow run mapping over N items (HEADWATER_BENCH_BULLMQ_TASKS, default 1000) against a real server (SQLite): tasks/s with the BullMQExecutor and 4 workers (concurrency 8, in this process) on real Redis, against LocalConcurrentExecutor (maxConcurrency 32) in one process',
    async run(): Promise<BenchmarkResult> {
      if (!redis.available)
        throw new Error(`Redis is not in the test environment (${redis.missing.join(', ')}).`);
      const n = benchSize('HEADWATER_BENCH_BULLMQ_TASKS', 1000);
      const server = await startTestServer(startServer, 'sqlite');
      const home = mkdtempSync(join(tmpdir(), 'hw-bench-bullmq-'));
      const admin = new Client({ api: server.api, token: server.adminToken, env: {}, config: {} });
      const queue = `bench-${process.pid}`;
      const workers = [];
      try {
        const projectId = (await admin.createProject({ projectName: 'Bench' })).id;
        const local = fanOut(
          new RemoteEnvironment({
            executor: 'LocalConcurrentExecutor',
            executorKwargs: { maxConcurrency: 32 },
          }),
        );
        const queued = fanOut(
          new RemoteEnvironment({
            executor: '@headwater/executor-bullmq:BullMQExecutor',
            executorKwargs: { redis: redis.env.redisUrl, queue },
          }),
        );
        for (let i = 0; i < 4; i += 1) {
          workers.push(
            await startBullMQWorker({
              redis: redis.env.redisUrl,
              queue,
              concurrency: 8,
              client: admin,
              loadFlow: async () => queued,
              write: () => {},
            }),
          );
        }
        const baseline = await tasksPerSecond(
          admin,
          server.api,
          server.adminToken,
          home,
          local,
          projectId,
          n,
        );
        const value = await tasksPerSecond(admin, server.api, server.adminToken, home, queued, projectId, n);
        return {
          value,
          baseline,
          unit: 'tasks/s',
          higherIsBetter: true,
          details: { tasks: n, workers: 4, concurrencyPerWorker: 8 },
        };
      } finally {
        for (const worker of workers) await worker.close();
        await server.close();
        rmSync(home, { recursive: true, force: true });
      }
    },
  },
];

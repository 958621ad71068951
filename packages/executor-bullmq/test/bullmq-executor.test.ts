import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@headwater/client';
import { addPluginSearchPath, resolveExecutor, Scheduled, Submitted } from '@headwater/core';
import { executeFlowRun } from '@headwater/runtime';
import { startServer } from '@headwater/server';
import { requireTestEnv, startTestServer, type TestServer } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullMQExecutor } from '../src/index.js';
import { type BullMQWorker, startBullMQWorker } from '../src/worker.js';
import { squaresFlow } from './fixtures/squares.js';

const env = requireTestEnv(['redisUrl']);
const postgres = requireTestEnv(['databaseUrl']);
const redis = env.available ? env.env.redisUrl : '';
const databases = ['sqlite' as const, ...(postgres.available ? ['postgres' as const] : [])];

addPluginSearchPath(join(import.meta.dirname, '..'));

const marksOf = (file: string) => {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {}
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [what, item, pid] = line.split(' ');
      return { what: what!, item: Number(item), pid: Number(pid) };
    });
};

describe('BullMQExecutor options', () => {
  it('resolves by name and refuses what is not a Redis URL or a queue name', async () => {
    const executor = await resolveExecutor('@headwater/executor-bullmq:BullMQExecutor', {
      redis: 'redis://127.0.0.1:6379',
    });
    expect(executor).toBeInstanceOf(BullMQExecutor);
    expect((executor as BullMQExecutor).queue).toBe('headwater-tasks');
    expect(() => new BullMQExecutor({ redis: 'http://127.0.0.1:6379' })).toThrow(
      /"redis" must be a Redis URL such as redis:\/\/127\.0\.0\.1:6379/,
    );
    expect(() => new BullMQExecutor({ redis: 'redis://127.0.0.1', queue: 'a:b' })).toThrow(
      /"queue" must be a non-empty name without ":"/,
    );
  });
});

describe.each(databases)(
  'task runs on BullMQ workers, against a real server on %s and real Redis',
  (database) => {
    let server: TestServer;
    let admin: Client;
    let runnerToken: string;
    let projectId: string;
    const scratch = mkdtempSync(join(tmpdir(), 'headwater-bullmq-'));
    const queue = `squares-${database}-${process.pid}`;

    beforeAll(async () => {
      server = await startTestServer(
        startServer,
        database,
        postgres.available ? postgres.env.databaseUrl : undefined,
      );
      admin = new Client({ api: server.api, token: server.adminToken, env: {}, config: {} });
      runnerToken = (await admin.createApiToken({ name: 'runner', scope: 'RUNNER' })).token;
      projectId = (await admin.createProject({ projectName: 'Squares' })).id;
    });
    afterAll(async () => {
      await server?.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    /** Registers the squares flow for `queue`, creates a run with `parameters` and claims it as an agent does. */
    async function submittedRun(parameters: Record<string, unknown>): Promise<string> {
      const flow = squaresFlow({ redis, queue });
      const { id: flowId } = await admin.createFlow(flow.serialize() as never, { projectId });
      const run = await admin.createFlowRun({ flowId, parameters });
      await admin.setFlowRunState(
        run.id,
        run.version,
        new Submitted({ message: 'claimed', state: new Scheduled() }),
      );
      return run.id;
    }

    const runEnv = (flowRunId: string) => ({
      HEADWATER__HOME_DIR: scratch,
      HEADWATER__CLOUD__API: server.api,
      HEADWATER__CLOUD__AUTH_TOKEN: runnerToken,
      HEADWATER__CONTEXT__FLOW_RUN_ID: flowRunId,
      HEADWATER__LOGGING__LOG_TO_CLOUD: 'true',
      HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2',
    });

    const executeRun = (flowRunId: string) =>
      executeFlowRun({
        env: runEnv(flowRunId),
        loadFlow: async () => squaresFlow({ redis, queue }),
        write: () => {},
      });

    /** Every child of `square`: its state, and how many Success states its history has. */
    async function children(flowRunId: string) {
      const runs = (await admin.listTaskRuns({ flowRunId, first: 500 })).nodes.filter(
        (taskRun) => taskRun.taskSlug.startsWith('square') && taskRun.mapIndex >= 0,
      );
      return Promise.all(
        runs.map(async (taskRun) => ({
          mapIndex: taskRun.mapIndex,
          state: taskRun.state,
          serializedState: taskRun.serializedState,
          history: (await admin.getTaskRunStates(taskRun.id)).map((s) => s.state),
        })),
      );
    }

    it('sends every task run and mapped child to the workers; states and logs reach the API, results do not', async () => {
      const client = new Client({ api: server.api, token: runnerToken, env: {}, config: {} });
      const flow = squaresFlow();
      const workers: BullMQWorker[] = [];
      for (let i = 0; i < 2; i += 1) {
        workers.push(
          await startBullMQWorker({
            redis,
            queue,
            concurrency: 4,
            client,
            loadFlow: async () => flow,
            write: () => {},
          }),
        );
      }
      const marks = join(scratch, `in-process-${database}.marks`);
      process.env.SQUARES_MARKS = marks;
      try {
        const id = await submittedRun({ n: 40 });
        expect(await executeRun(id)).toMatchObject({ exitCode: 0, outcome: 'finished', state: 'Success' });
        const all = await children(id);
        expect(all.map((c) => c.mapIndex).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 40 }, (_, i) => i),
        );
        for (const child of all) {
          expect(child.state).toBe('Success');
          expect(child.history.filter((s) => s === 'Success')).toHaveLength(1);
          // No result handler of the flow's own: the result came back through Redis only.
          expect((child.serializedState as { _result: { type: string } })._result.type).toBe('NoResultType');
        }
        expect(all.find((c) => c.mapIndex === 7)!.history).toEqual([
          'Pending',
          'Running',
          'Failed',
          'Retrying',
          'Running',
          'Success',
        ]);
        const sum = Array.from({ length: 40 }, (_, i) => i * i).reduce((a, b) => a + b, 0);
        expect(
          marksOf(marks)
            .filter((m) => m.what === 'total')
            .map((m) => m.item),
        ).toEqual([sum]);
        const logs = (await admin.getLogs({ flowRunId: id, first: 500 })).nodes.map((log) => log.message);
        await expect
          .poll(
            async () => (await admin.getLogs({ flowRunId: id, first: 500 })).nodes.map((l) => l.message),
            { timeout: 10_000 },
          )
          .toContain('Starting task run square-1[7] (Retrying → Running).');
        expect(logs.length).toBeGreaterThan(0);
      } finally {
        delete process.env.SQUARES_MARKS;
        for (const worker of workers) await worker.close();
      }
    });

    it('times a task out on the worker and retries it, as the local executors do', async () => {
      const client = new Client({ api: server.api, token: runnerToken, env: {}, config: {} });
      const flow = squaresFlow();
      const worker = await startBullMQWorker({
        redis,
        queue,
        concurrency: 2,
        client,
        loadFlow: async () => flow,
        write: () => {},
      });
      try {
        const id = await submittedRun({ n: 3, slow: 1 });
        expect(await executeRun(id)).toMatchObject({ outcome: 'finished', state: 'Failed' });
        const byIndex = new Map((await children(id)).map((child) => [child.mapIndex, child]));
        expect(byIndex.get(0)?.state).toBe('Success');
        expect(byIndex.get(2)?.state).toBe('Success');
        expect(byIndex.get(1)?.history).toEqual([
          'Pending',
          'Running',
          'TimedOut',
          'Retrying',
          'Running',
          'TimedOut',
        ]);
      } finally {
        await worker.close();
      }
    }, 60_000);

    it('runs the task runs of a worker killed mid-task on another worker, each Success written once', async () => {
      const marks = join(scratch, `killed-${database}.marks`);
      const workerEnv = {
        PATH: process.env.PATH,
        HEADWATER__HOME_DIR: scratch,
        HEADWATER__CLOUD__API: server.api,
        HEADWATER__CLOUD__AUTH_TOKEN: runnerToken,
        SQUARES_MARKS: marks,
      };
      const start = () => {
        const child = spawn(
          process.execPath,
          [
            '--conditions=@headwater/source',
            '--import',
            'tsx',
            join(import.meta.dirname, 'fixtures', 'worker-process.ts'),
            redis,
            queue,
            '3',
          ],
          { env: workerEnv, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        const ready = new Promise<void>((resolve) =>
          child.stdout!.on('data', (d) => String(d).includes('worker ready') && resolve()),
        );
        return { child, ready };
      };
      const doomed = start();
      const survivor = start();
      try {
        await Promise.all([doomed.ready, survivor.ready]);
        const id = await submittedRun({ n: 24, pause_ms: 400 });
        const execution = executeRun(id);
        await expect
          .poll(() => marksOf(marks).some((m) => m.what === 'start' && m.pid === doomed.child.pid), {
            timeout: 30_000,
          })
          .toBe(true);
        doomed.child.kill('SIGKILL');
        expect(await execution).toMatchObject({ exitCode: 0, outcome: 'finished', state: 'Success' });
        const all = await children(id);
        expect(all).toHaveLength(24);
        for (const child of all) {
          expect(child.state).toBe('Success');
          expect(child.history.filter((s) => s === 'Success')).toHaveLength(1);
        }
        // What the killed worker had started and not ended ran again on the survivor.
        const seen = marksOf(marks);
        const cut = seen.filter(
          (m) =>
            m.what === 'start' &&
            m.pid === doomed.child.pid &&
            !seen.some((e) => e.what === 'end' && e.item === m.item && e.pid === m.pid),
        );
        expect(cut.length).toBeGreaterThan(0);
        for (const item of cut.map((m) => m.item))
          expect(seen.some((m) => m.what === 'end' && m.item === item && m.pid === survivor.child.pid)).toBe(
            true,
          );
        const sum = Array.from({ length: 24 }, (_, i) => i * i).reduce((a, b) => a + b, 0);
        expect(seen.filter((m) => m.what === 'total').map((m) => m.item)).toEqual([sum]);
      } finally {
        doomed.child.kill('SIGKILL');
        survivor.child.kill('SIGTERM');
        await sleep(100);
      }
    }, 120_000);
  },
);

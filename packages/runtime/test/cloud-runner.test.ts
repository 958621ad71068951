import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FlowRunInfo, RunLog } from '@headwater/client';
import { Client } from '@headwater/client';
import { deserializeState, Flow, Parameter, Scheduled, Submitted, task } from '@headwater/core';
import { startServer } from '@headwater/server';
import { requireTestEnv, startTestServer, type TestServer } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeFlowRun, type FlowRunExecution } from '../src/runner/execute-flow-run.js';

const postgres = requireTestEnv(['databaseUrl']);
const databases = [
  { database: 'sqlite' as const },
  ...(postgres.available ? [{ database: 'postgres' as const }] : []),
];

/** Side effects of task functions, by flow run id: each entry is one real execution. */
const effects = new Map<string, string[]>();
const record = (context: Readonly<Record<string, unknown>>, what: string) => {
  const id = String(context.flowRunId);
  effects.set(id, [...(effects.get(id) ?? []), what]);
};
const effectsOf = (id: string) => effects.get(id) ?? [];

const arithmeticFlow = new Flow('runner-arithmetic', { module: import.meta.url });
{
  const x = arithmeticFlow.addTask(new Parameter<number>('x', { default: 1 }));
  const double = task(
    ({ x }: { x: number }, { context }) => {
      record(context, 'double');
      console.log(`doubling ${x}`);
      return x * 2;
    },
    { name: 'double' },
  );
  const increment = task(
    ({ y }: { y: number }, { context }) => {
      record(context, 'increment');
      return y + 1;
    },
    { name: 'increment' },
  );
  const doubled = arithmeticFlow.add(double, { x });
  arithmeticFlow.add(increment, { y: doubled });
}

const failingFlow = new Flow('runner-failing', { module: import.meta.url });
failingFlow.add(
  task(
    () => {
      throw new Error('boom from inside the task');
    },
    { name: 'explode' },
  ),
);

const timeoutFlow = new Flow('runner-timeout', { module: import.meta.url });
timeoutFlow.add(task(() => sleep(5000), { name: 'sleepy', timeout: 200 }));

const retryFlow = new Flow('runner-retry', { module: import.meta.url });
retryFlow.add(
  task(
    (_inputs: object, { context, runCount }) => {
      record(context, `attempt ${runCount}`);
      if (runCount === 1) throw new Error('first attempt fails');
      return 'ok';
    },
    { name: 'flaky', maxRetries: 1, retryDelay: 1500 },
  ),
);

const shortRetryFlow = new Flow('runner-short-retry', { module: import.meta.url });
shortRetryFlow.add(
  task(
    (_inputs: object, { context, runCount }) => {
      record(context, `attempt ${runCount}`);
      if (runCount === 1) throw new Error('first attempt fails');
      return 'ok';
    },
    { name: 'flaky', maxRetries: 2, retryDelay: 50 },
  ),
);

const cancellableFlow = new Flow('runner-cancellable', { module: import.meta.url });
cancellableFlow.add(
  task(
    async (_inputs: object, { signal, context }) => {
      record(context, 'started');
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    },
    { name: 'wait-for-cancel' },
  ),
);

const mappedFlow = new Flow('runner-mapped', { module: import.meta.url });
{
  const numbers = mappedFlow.add(task(() => [1, 2, 3], { name: 'numbers' }));
  const squared = mappedFlow.map(
    task(({ n }: { n: number }) => n * n, { name: 'square' }),
    { n: numbers },
  );
  mappedFlow.add(
    task(({ values }: { values: number[] }) => values.reduce((a, b) => a + b, 0), { name: 'sum' }),
    {
      values: squared,
    },
  );
}

describe.each(databases)('the cloud runner against a real server on $database', ({ database }) => {
  let server: TestServer;
  let admin: Client;
  let runnerToken: string;
  let projectId: string;
  const home = mkdtempSync(join(tmpdir(), 'headwater-runner-home-'));
  const flowIds = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer(
      startServer,
      database,
      postgres.available ? postgres.env.databaseUrl : undefined,
    );
    admin = new Client({ api: server.api, token: server.adminToken, env: {}, config: {} });
    runnerToken = (await admin.createApiToken({ name: 'runner', scope: 'RUNNER' })).token;
    projectId = (await admin.createProject({ projectName: 'Runner' })).id;
    for (const flow of [
      arithmeticFlow,
      failingFlow,
      timeoutFlow,
      retryFlow,
      shortRetryFlow,
      cancellableFlow,
      mappedFlow,
    ]) {
      const { id } = await admin.createFlow(flow.serialize() as never, { projectId });
      flowIds.set(flow.name, id);
    }
  });
  afterAll(async () => {
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });

  const envFor = (flowRunId: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    HEADWATER__HOME_DIR: home,
    HEADWATER__CLOUD__API: server.api,
    HEADWATER__CLOUD__AUTH_TOKEN: runnerToken,
    HEADWATER__CONTEXT__FLOW_RUN_ID: flowRunId,
    HEADWATER__LOGGING__LOG_TO_CLOUD: 'true',
    HEADWATER__LOGGING__LEVEL: 'DEBUG',
    HEADWATER__LOGGING__FLUSH_INTERVAL: '0.1',
    HEADWATER__CLOUD__HEARTBEAT_INTERVAL: '0.2',
    HEADWATER__CLOUD__CHECK_CANCELLATION_INTERVAL: '0.2',
    ...extra,
  });

  /** Creates a run and claims it the way an agent does: Submitted with the version read. */
  async function submittedRun(flow: Flow, parameters?: Record<string, unknown>): Promise<string> {
    const run = await admin.createFlowRun({
      flowId: flowIds.get(flow.name)!,
      ...(parameters ? { parameters } : {}),
    });
    await admin.setFlowRunState(
      run.id,
      run.version,
      new Submitted({ message: 'claimed', state: new Scheduled() }),
    );
    return run.id;
  }

  function execute(
    flow: Flow,
    flowRunId: string,
    extra: Record<string, string> = {},
    flowRun?: FlowRunInfo,
  ): Promise<FlowRunExecution> {
    return executeFlowRun({
      env: envFor(flowRunId, extra),
      loadFlow: async () => flow,
      write: () => {},
      ...(flowRun ? { flowRun } : {}),
    });
  }

  async function logsOf(flowRunId: string): Promise<RunLog[]> {
    return (await admin.getLogs({ flowRunId, first: 500 })).nodes;
  }

  async function taskRunsOf(flowRunId: string) {
    return (await admin.listTaskRuns({ flowRunId, first: 100 })).nodes;
  }

  it('runs a submitted flow run, reporting every flow-run and task-run state, logs and heartbeats', async () => {
    const id = await submittedRun(arithmeticFlow, { x: 20 });
    const result = await execute(arithmeticFlow, id);
    expect(result).toEqual({ exitCode: 0, outcome: 'finished', state: 'Success' });
    expect(effectsOf(id)).toEqual(['double', 'increment']);

    const run = await admin.getFlowRun(id);
    expect(run.state).toBe('Success');
    expect(run.heartbeat).not.toBeNull();
    expect((await admin.getFlowRunStates(id)).map((s) => s.state)).toEqual([
      'Scheduled',
      'Submitted',
      'Running',
      'Success',
    ]);

    const taskRuns = await taskRunsOf(id);
    const increment = taskRuns.find((t) => t.taskSlug.startsWith('increment'))!;
    expect(increment.state).toBe('Success');
    // Results are checkpointed, so another process could resume from them.
    expect(increment.serializedState._result).toMatchObject({ type: 'SafeResult', value: 41 });
    for (const taskRun of taskRuns) {
      const history = (
        await admin.graphql<{ taskRun: { states: { state: string }[] } }>(
          'query($id: ID!) { taskRun(id: $id) { states { state } } }',
          { id: taskRun.id },
        )
      ).taskRun.states.map((s) => s.state);
      expect(history).toEqual(['Pending', 'Running', 'Success']);
    }

    const logs = await logsOf(id);
    expect(logs.some((l) => l.message.includes(`Beginning flow run ${run.name}`))).toBe(true);
    const double = taskRuns.find((t) => t.taskSlug.startsWith('double'))!;
    const printed = logs.find((l) => l.message === 'doubling 20');
    expect(printed).toMatchObject({ taskRunId: double.id, level: 'INFO' });
    expect(printed?.info).toMatchObject({ flowName: 'runner-arithmetic', taskSlug: double.taskSlug });
    expect(
      logs.some(
        (l) => l.taskRunId === increment.id && l.message.includes('Finished task run with state Success'),
      ),
    ).toBe(true);
    expect(logs.filter((l) => l.taskRunId === increment.id).map((l) => l.message)).toContain(
      `Starting task run ${increment.taskSlug} (Pending → Running).`,
    );
  });

  it('counts its Running write as the first heartbeat, and beats next one interval later', async () => {
    const id = await submittedRun(arithmeticFlow, { x: 1 });
    const result = await execute(arithmeticFlow, id, { HEADWATER__CLOUD__HEARTBEAT_INTERVAL: '30' });
    expect(result.state).toBe('Success');
    const running = (await admin.getFlowRunStates(id)).find((s) => s.state === 'Running')!;
    // The API renewed the heartbeat when it stored Running; no heartbeat came after it.
    expect(Date.parse((await admin.getFlowRun(id)).heartbeat!)).toBe(Date.parse(running.timestamp));
  });

  it('stores the tasks’ log lines and its own final line before it writes the final state, in one request', async () => {
    const id = await submittedRun(arithmeticFlow, { x: 5 });
    let storedAtFinalState: string[] | undefined;
    let logRequests = 0;
    class WatchingClient extends Client {
      override async setFlowRunState(...args: Parameters<Client['setFlowRunState']>) {
        if ((args[2] as { type?: string }).type === 'Success')
          storedAtFinalState = (await logsOf(id)).map((log) => log.message);
        return super.setFlowRunState(...args);
      }
      override async writeRunLogs(...args: Parameters<Client['writeRunLogs']>) {
        logRequests++;
        return super.writeRunLogs(...args);
      }
    }
    const client = new WatchingClient({ api: server.api, token: runnerToken, env: {}, config: {} });
    const result = await executeFlowRun({
      // Batches would otherwise go only once a minute: what is stored came with the final state.
      env: envFor(id, { HEADWATER__LOGGING__FLUSH_INTERVAL: '60' }),
      client,
      loadFlow: async () => arithmeticFlow,
      write: () => {},
    });
    expect(result.state).toBe('Success');
    expect(storedAtFinalState).toContain('doubling 5');
    expect(
      storedAtFinalState?.filter((m) => m.includes('Finished task run with state Success')),
    ).toHaveLength(arithmeticFlow.tasks.length);
    expect(storedAtFinalState).toContain('Flow run SUCCESS: All reference tasks succeeded.');
    // Nothing was left to send after the final state: the run's lines went in one request.
    expect(logRequests).toBe(1);
    expect((await logsOf(id)).map((log) => log.message)).toEqual(storedAtFinalState);
  });

  it('lets exactly one of two processes run a flow run; the other runs nothing', async () => {
    const id = await submittedRun(arithmeticFlow, { x: 1 });
    // Both are handed the run as Submitted, as two agents handed one claim would be: reading it
    // themselves, the slower one could find it Running already and take it for a resumed run.
    const submitted = await admin.getFlowRunInfo(id);
    const results = await Promise.all([
      execute(arithmeticFlow, id, {}, submitted),
      execute(arithmeticFlow, id, {}, submitted),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['finished', 'not-ours']);
    expect(results.every((r) => r.exitCode === 0)).toBe(true);
    expect(effectsOf(id)).toEqual(['double', 'increment']);
    expect((await admin.getFlowRunStates(id)).map((s) => s.state)).toEqual([
      'Scheduled',
      'Submitted',
      'Running',
      'Success',
    ]);
  });

  it('fails the run when a task throws, with the error and its stack in the logs', async () => {
    const id = await submittedRun(failingFlow);
    expect(await execute(failingFlow, id)).toMatchObject({
      exitCode: 0,
      outcome: 'finished',
      state: 'Failed',
    });
    const [taskRun] = await taskRunsOf(id);
    expect(taskRun).toMatchObject({
      state: 'Failed',
      stateMessage: 'Unexpected error: boom from inside the task',
    });
    const error = (await logsOf(id)).find((l) => l.level === 'ERROR' && l.taskRunId === taskRun!.id);
    expect(error?.message).toContain('boom from inside the task');
    expect(error?.message).toMatch(/at .*cloud-runner\.test\.ts/);
  });

  it('ends a task that runs past its timeout TimedOut and the run Failed', async () => {
    const id = await submittedRun(timeoutFlow);
    expect(await execute(timeoutFlow, id)).toMatchObject({ outcome: 'finished', state: 'Failed' });
    const [taskRun] = await taskRunsOf(id);
    expect(taskRun).toMatchObject({ state: 'TimedOut', stateMessage: 'Task timed out after 200 ms.' });
    expect((await logsOf(id)).some((l) => l.level === 'ERROR' && l.message.includes('TimedOut'))).toBe(true);
  });

  it('waits for a short retry in-process', async () => {
    const id = await submittedRun(shortRetryFlow);
    expect(await execute(shortRetryFlow, id)).toMatchObject({ outcome: 'finished', state: 'Success' });
    expect(effectsOf(id)).toEqual(['attempt 1', 'attempt 2']);
    const [taskRun] = await taskRunsOf(id);
    expect(taskRun!.runCount).toBe(2);
  });

  it('leaves a long retry Retrying with its start time, and a later process resumes it', async () => {
    const id = await submittedRun(retryFlow);
    const first = await execute(retryFlow, id, { HEADWATER__ENGINE__IN_PROCESS_RETRY_LIMIT: '0.5' });
    expect(first).toEqual({ exitCode: 0, outcome: 'unfinished', state: 'Running' });
    expect((await admin.getFlowRun(id)).state).toBe('Running');
    const [retrying] = await taskRunsOf(id);
    expect(retrying!.state).toBe('Retrying');
    const due = Date.parse(retrying!.stateStartTime!);
    expect(due).toBeGreaterThan(Date.now() - 1500);

    // What the agent does when the retry is due: it finds the run in the queue and claims the task run.
    let queued: string[] = [];
    while (!queued.includes(id)) {
      await sleep(100);
      queued = await admin.getRunsInQueue({ limit: 100 });
    }
    const claimed = new Submitted({ message: 'claimed', state: deserializeState(retrying!.serializedState) });
    await admin.setTaskRunState(retrying!.id, retrying!.version, claimed);
    const second = await execute(retryFlow, id);
    expect(second).toEqual({ exitCode: 0, outcome: 'finished', state: 'Success' });
    expect(effectsOf(id)).toEqual(['attempt 1', 'attempt 2']);
    expect((await admin.getFlowRunStates(id)).map((s) => s.state)).toEqual([
      'Scheduled',
      'Submitted',
      'Running',
      'Success',
    ]);
  });

  it('stops tasks and ends Cancelled when the run is cancelled', async () => {
    const id = await submittedRun(cancellableFlow);
    const execution = execute(cancellableFlow, id);
    while (!effectsOf(id).includes('started')) await sleep(50);
    expect(await admin.cancelFlowRun(id)).toBe('Cancelling');
    expect(await execution).toMatchObject({ exitCode: 0, outcome: 'finished', state: 'Cancelled' });
    expect((await admin.getFlowRun(id)).state).toBe('Cancelled');
    expect((await taskRunsOf(id)).map((t) => t.state)).toEqual(['Cancelled']);
  });

  it('creates task runs for mapped children and reports each of them', async () => {
    const id = await submittedRun(mappedFlow);
    expect(await execute(mappedFlow, id)).toMatchObject({ outcome: 'finished', state: 'Success' });
    const children = (await taskRunsOf(id)).filter((t) => t.mapIndex >= 0);
    expect(children.map((t) => [t.mapIndex, t.state]).sort()).toEqual([
      [0, 'Success'],
      [1, 'Success'],
      [2, 'Success'],
    ]);
    const sum = (await taskRunsOf(id)).find((t) => t.taskSlug.startsWith('sum'))!;
    expect(sum.serializedState._result).toMatchObject({ value: 14 });
  });

  it('fails the run with the real error when the flow cannot be loaded', async () => {
    const id = await submittedRun(arithmeticFlow);
    const result = await executeFlowRun({
      env: envFor(id),
      write: () => {},
      loadFlow: async () => {
        throw new Error('Cannot find module "left-pad" imported from /opt/headwater/flows.mjs');
      },
    });
    expect(result).toMatchObject({ exitCode: 1, outcome: 'load-failed' });
    const run = await admin.getFlowRun(id);
    expect(run.state).toBe('Failed');
    expect(run.stateMessage).toContain('Cannot find module "left-pad"');
    const error = (await logsOf(id)).find((l) => l.level === 'ERROR');
    expect(error?.message).toMatch(
      /Failed to load flow runner-arithmetic from its storage: Error: Cannot find module/,
    );
    expect(effectsOf(id)).toEqual([]);
  });

  it('runs nothing for a run that is not due yet', async () => {
    const run = await admin.createFlowRun({
      flowId: flowIds.get(arithmeticFlow.name)!,
      scheduledStartTime: new Date(Date.now() + 3_600_000),
    });
    expect(await execute(arithmeticFlow, run.id)).toMatchObject({ exitCode: 0, outcome: 'not-due' });
    expect((await admin.getFlowRun(run.id)).state).toBe('Scheduled');
    expect(effectsOf(run.id)).toEqual([]);
  });

  it('says what is wrong when started outside a flow run', async () => {
    const lines: string[] = [];
    const result = await executeFlowRun({
      env: { HEADWATER__HOME_DIR: home },
      write: (line) => lines.push(line),
      loadFlow: async () => arithmeticFlow,
    });
    expect(result).toEqual({ exitCode: 1, outcome: 'no-run' });
    expect(lines.join('')).toContain('HEADWATER__CONTEXT__FLOW_RUN_ID is not set');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@headwater/client';
import { deserializeState, Flow, PauseSignal, Submitted, task, triggers } from '@headwater/core';
import { startServer } from '@headwater/server';
import { requireTestEnv, startTestServer, type TestServer } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeFlowRun } from '../src/runner/execute-flow-run.js';

const postgres = requireTestEnv(['databaseUrl']);
const databases = [
  { database: 'sqlite' as const },
  ...(postgres.available ? [{ database: 'postgres' as const }] : []),
];

/** Task executions by flow run id: each entry is one real execution. */
const effects = new Map<string, string[]>();
const record = (context: Readonly<Record<string, unknown>>, what: string) => {
  const id = String(context.flowRunId);
  effects.set(id, [...(effects.get(id) ?? []), what]);
};

/** `prepare → <gate> → publish`, the gate made by `gateTask`. */
function approvalFlow(name: string, gateTask: ReturnType<typeof task>) {
  const flow = new Flow(name, { module: import.meta.url });
  const prepare = flow.add(task((_: object, { context }) => record(context, 'prepare'), { name: 'prepare' }));
  const gate = flow.add(gateTask, {}, { upstream: [prepare] });
  flow.add(
    task((_: object, { context }) => record(context, 'publish'), { name: 'publish' }),
    {},
    { upstream: [gate] },
  );
  return flow;
}

const manualFlow = approvalFlow(
  'approval-manual',
  task((_: object, { context }) => record(context, 'approve'), {
    name: 'approve',
    trigger: triggers.manualOnly,
  }),
);
/** Pauses until `wakeUpMs` after its first attempt (the `wakeUpMs` parameter of the context). */
const signalFlow = (name: string, wakeUpMs: number) =>
  approvalFlow(
    name,
    task(
      (_: object, { context }) => {
        record(context, context.resumed ? 'approve (resumed)' : 'approve');
        if (!context.resumed)
          throw new PauseSignal('Waiting for sign-off.', { startTime: new Date(Date.now() + wakeUpMs) });
      },
      { name: 'approve' },
    ),
  );
const shortPauseFlow = signalFlow('approval-short-pause', 300);
const longPauseFlow = signalFlow('approval-long-pause', 3_600_000);
const wakeUpFlow = signalFlow('approval-wake-up', 1500);

describe.each(databases)('approvals in a run process against a real server on $database', ({ database }) => {
  let server: TestServer;
  let admin: Client;
  let runnerToken: string;
  const home = mkdtempSync(join(tmpdir(), 'headwater-approval-home-'));
  const flowIds = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer(
      startServer,
      database,
      postgres.available ? postgres.env.databaseUrl : undefined,
    );
    admin = new Client({ api: server.api, token: server.adminToken, env: {}, config: {} });
    runnerToken = (await admin.createApiToken({ name: 'runner', scope: 'RUNNER' })).token;
    const projectId = (await admin.createProject({ projectName: 'Approvals' })).id;
    for (const flow of [manualFlow, shortPauseFlow, longPauseFlow, wakeUpFlow]) {
      flowIds.set(flow.name, (await admin.createFlow(flow.serialize() as never, { projectId })).id);
    }
  });
  afterAll(async () => {
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** Claims the run the way an agent does (Submitted wrapping its state, with the version read), then runs it. */
  async function claimAndExecute(flow: Flow, flowRunId: string, env: Record<string, string> = {}) {
    const run = await admin.getFlowRunInfo(flowRunId);
    const state = deserializeState(run.serializedState);
    await admin.setFlowRunState(run.id, run.version, new Submitted({ message: 'claimed', state }));
    return executeFlowRun({
      env: {
        HEADWATER__HOME_DIR: home,
        HEADWATER__CLOUD__API: server.api,
        HEADWATER__CLOUD__AUTH_TOKEN: runnerToken,
        HEADWATER__CONTEXT__FLOW_RUN_ID: flowRunId,
        ...env,
      },
      loadFlow: async () => flow,
      write: () => {},
    });
  }
  const taskRun = async (flowRunId: string, slugPrefix: string) =>
    (await admin.listTaskRuns({ flowRunId, first: 10 })).nodes.find((t) =>
      t.taskSlug.startsWith(slugPrefix),
    )!;

  it('ends the process with the flow run Paused at a manualOnly task; resumed, the run finishes with the task run once', async () => {
    const { id } = await admin.createFlowRun({ flowId: flowIds.get(manualFlow.name)! });
    expect(await claimAndExecute(manualFlow, id)).toEqual({
      exitCode: 0,
      outcome: 'paused',
      state: 'Paused',
    });
    const waiting = await admin.getFlowRun(id);
    expect(waiting.state).toBe('Paused');
    expect(waiting.stateMessage).toContain(`headwater resume ${waiting.name}`);
    expect(waiting.stateStartTime).toBeNull();
    const gate = await taskRun(id, 'approve');
    expect(gate.state).toBe('Paused');
    expect(gate.serializedState.start_time).toBeNull();
    expect((await taskRun(id, 'publish')).state).toBe('Pending');
    expect(
      await admin.getRunsInQueue({ before: new Date(Date.now() + 86_400_000).toISOString() }),
    ).not.toContain(id);

    const resumed = await admin.resumeFlowRun(id);
    expect(resumed.state).toBe('Scheduled');
    expect(resumed.taskRuns.map((t) => [t.id, t.state])).toEqual([[gate.id, 'Resume']]);
    expect(await admin.getRunsInQueue({})).toContain(id);

    expect(await claimAndExecute(manualFlow, id)).toEqual({
      exitCode: 0,
      outcome: 'finished',
      state: 'Success',
    });
    expect(effects.get(id)).toEqual(['prepare', 'approve', 'publish']);
    expect((await admin.getFlowRunStates(id)).map((s) => s.state)).toEqual([
      'Scheduled',
      'Submitted',
      'Running',
      'Paused',
      'Scheduled',
      'Submitted',
      'Running',
      'Success',
    ]);
  });

  it('waits in the process for a PauseSignal whose wake-up time is near, then runs the task as resumed', async () => {
    const { id } = await admin.createFlowRun({ flowId: flowIds.get(shortPauseFlow.name)! });
    expect(await claimAndExecute(shortPauseFlow, id)).toEqual({
      exitCode: 0,
      outcome: 'finished',
      state: 'Success',
    });
    expect(effects.get(id)).toEqual(['prepare', 'approve', 'approve (resumed)', 'publish']);
  });

  it('leaves the flow run Paused until the wake-up time of a PauseSignal far ahead', async () => {
    const { id } = await admin.createFlowRun({ flowId: flowIds.get(longPauseFlow.name)! });
    expect((await claimAndExecute(longPauseFlow, id)).outcome).toBe('paused');
    const waiting = await admin.getFlowRun(id);
    const gate = await taskRun(id, 'approve');
    expect(gate.stateMessage).toBe('Waiting for sign-off.');
    expect(waiting.state).toBe('Paused');
    expect(waiting.stateStartTime).toBe(gate.stateStartTime);
    expect(Date.parse(waiting.stateStartTime!)).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('hands a run Paused until a wake-up time out again once it has come; the task runs as resumed', async () => {
    const { id } = await admin.createFlowRun({ flowId: flowIds.get(wakeUpFlow.name)! });
    // A limit below the pause: the process leaves the run Paused instead of waiting.
    const shortLimit = { HEADWATER__ENGINE__IN_PROCESS_RETRY_LIMIT: '0.1' };
    expect((await claimAndExecute(wakeUpFlow, id, shortLimit)).outcome).toBe('paused');
    const waiting = await admin.getFlowRun(id);
    expect(waiting.state).toBe('Paused');
    expect(waiting.stateStartTime).not.toBeNull();
    for (;;) {
      if ((await admin.getRunsInQueue({})).includes(id)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await claimAndExecute(wakeUpFlow, id, shortLimit)).toEqual({
      exitCode: 0,
      outcome: 'finished',
      state: 'Success',
    });
    expect(effects.get(id)).toEqual(['prepare', 'approve', 'approve (resumed)', 'publish']);
  });
});

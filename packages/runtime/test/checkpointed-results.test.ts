import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@headwater/client';
import { deserializeState, Flow, Scheduled, Submitted, task } from '@headwater/core';
import { startServer } from '@headwater/server';
import { startTestServer, type TestServer } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeFlowRun } from '../src/runner/execute-flow-run.js';

const AT = new Date('2026-05-06T07:08:09.000Z');
/** What the downstream task received, one entry per execution. */
const received: unknown[] = [];

const richFlow = new Flow('runner-rich-results', { module: import.meta.url });
{
  const produce = richFlow.add(
    task(() => ({ byName: new Map([['a', 1]]), tags: new Set(['x']), at: AT, big: 2n ** 64n }), {
      name: 'produce',
    }),
  );
  richFlow.add(
    task(
      ({ value }: { value: unknown }, { runCount }) => {
        received.push(value);
        if (runCount === 1) throw new Error('first attempt fails');
        return 'ok';
      },
      { name: 'consume', maxRetries: 1, retryDelay: 1500 },
    ),
    { value: produce },
  );
}

describe('checkpointed results through the API', () => {
  let server: TestServer;
  let admin: Client;
  let runnerToken: string;
  let flowId: string;
  const home = mkdtempSync(join(tmpdir(), 'headwater-results-home-'));

  beforeAll(async () => {
    server = await startTestServer(startServer, 'sqlite', undefined);
    admin = new Client({ api: server.api, token: server.adminToken, env: {}, config: {} });
    runnerToken = (await admin.createApiToken({ name: 'runner', scope: 'RUNNER' })).token;
    const projectId = (await admin.createProject({ projectName: 'Results' })).id;
    flowId = (await admin.createFlow(richFlow.serialize() as never, { projectId })).id;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });

  const execute = (flowRunId: string, extra: Record<string, string> = {}) =>
    executeFlowRun({
      env: {
        HEADWATER__HOME_DIR: home,
        HEADWATER__CLOUD__API: server.api,
        HEADWATER__CLOUD__AUTH_TOKEN: runnerToken,
        HEADWATER__CONTEXT__FLOW_RUN_ID: flowRunId,
        HEADWATER__CLOUD__HEARTBEAT_INTERVAL: '0.2',
        ...extra,
      },
      loadFlow: async () => richFlow,
      write: () => {},
    });

  it('a Map, Set, Date and BigInt reach a downstream task resumed in another process unchanged', async () => {
    const run = await admin.createFlowRun({ flowId });
    await admin.setFlowRunState(
      run.id,
      run.version,
      new Submitted({ message: 'claimed', state: new Scheduled() }),
    );
    expect(await execute(run.id, { HEADWATER__ENGINE__IN_PROCESS_RETRY_LIMIT: '0.5' })).toMatchObject({
      outcome: 'unfinished',
    });
    const taskRuns = (await admin.listTaskRuns({ flowRunId: run.id })).nodes;
    const produced = taskRuns.find((t) => t.taskSlug.startsWith('produce'))!;
    expect(JSON.stringify(produced.serializedState._result)).toContain('__headwater_encoding__');

    // As an agent would once the retry is due: claim the task run, start a new process.
    const retrying = taskRuns.find((t) => t.taskSlug.startsWith('consume'))!;
    while (!(await admin.getRunsInQueue({ limit: 100 })).includes(run.id)) await sleep(100);
    const claimed = new Submitted({ message: 'claimed', state: deserializeState(retrying.serializedState) });
    await admin.setTaskRunState(retrying.id, retrying.version, claimed);
    expect(await execute(run.id)).toMatchObject({ outcome: 'finished', state: 'Success' });

    const expected = { byName: new Map([['a', 1]]), tags: new Set(['x']), at: AT, big: 2n ** 64n };
    expect(received).toHaveLength(2);
    expect(received[1]).toEqual(expected);
    expect((received[1] as typeof expected).byName).toBeInstanceOf(Map);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  createFlow,
  createFlowRun,
  createProject,
  errorCode,
  gql,
  gqlData,
  headwaterFlow,
  SET_FLOW_RUN_STATES,
  SET_TASK_RUN_STATES,
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

const SET_LIMIT = `mutation($input: setConcurrencyLimitInput!) { setConcurrencyLimit(input: $input) { id kind tag flowName slots running } }`;
const LIMITS = '{ concurrencyLimits { kind tag flowGroupId slots running } }';
const QUEUE_INTERVAL_MS = 5_000;

/** The serialized test flow with its `add` task tagged `api`. */
function taggedFlow(name: string) {
  const flow = headwaterFlow(name);
  const tasks: Record<string, unknown>[] = flow.tasks;
  tasks[2] = { ...tasks[2], tags: ['api'] };
  return flow;
}

describe.each(backends)('Concurrency limits on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let projectId: string;

    beforeAll(async () => {
      t = await startTestServer(backend, { queueIntervalMs: QUEUE_INTERVAL_MS });
      projectId = await createProject(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    const setFlow = (flowRunId: string, version: number, type: string) =>
      gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId, version, state: state(type) }] },
      });
    const setTask = (taskRunId: string, version: number, type: string) =>
      gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
        input: { states: [{ taskRunId, version, state: state(type) }] },
      });

    /** A flow run set Running, and its tagged task run. */
    async function runningRun(flowId: string) {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      await setFlow(run.id, 1, 'Submitted');
      await setFlow(run.id, 2, 'Running');
      const taskRun = run.flowRun.taskRuns.find((each: { taskSlug: string }) => each.taskSlug === 'add-1');
      if (!taskRun) throw new Error(`flow run ${run.id} has no add-1 task run`);
      return taskRun as { id: string; version: number };
    }

    it('lets 2 of 4 task runs with a limited tag start at once; the others are stored Queued, due after the queue interval', async () => {
      const flowId = (await createFlow(t, { projectId, serializedFlow: taggedFlow('tagged') })).id;
      const limit = await gqlData(t.server, t.token, SET_LIMIT, { input: { tag: 'api', slots: 2 } });
      expect(limit.setConcurrencyLimit).toMatchObject({ kind: 'TASK_TAG', tag: 'api', slots: 2, running: 0 });
      const taskRuns = [];
      for (let i = 0; i < 4; i++) taskRuns.push(await runningRun(flowId));
      const before = Date.now();
      // Four writers at once, as from four run processes.
      const answers = await Promise.all(
        taskRuns.map((taskRun) => setTask(taskRun.id, taskRun.version, 'Running')),
      );
      const results = answers.map((answer) => answer.setTaskRunStates.states[0]);
      expect(results.filter((r) => r.status === 'SUCCESS')).toHaveLength(2);
      const queued = results.filter((r) => r.status === 'QUEUED');
      expect(queued.map((r) => r.state)).toEqual(['Queued', 'Queued']);
      const stored = await gqlData(
        t.server,
        t.token,
        `query($id: ID!) { taskRun(id: $id) { stateStartTime serializedState } }`,
        {
          id: queued[0].id,
        },
      );
      expect(Date.parse(stored.taskRun.stateStartTime)).toBeGreaterThanOrEqual(
        before + QUEUE_INTERVAL_MS - 1000,
      );
      expect(stored.taskRun.serializedState.state).toMatchObject({ type: 'Pending' });
      expect((await gqlData(t.server, t.token, LIMITS)).concurrencyLimits).toEqual([
        { kind: 'TASK_TAG', tag: 'api', flowGroupId: null, slots: 2, running: 2 },
      ]);

      // A run that ends frees its slot: the next proposal of a queued one starts it.
      const started = results.find((r) => r.status === 'SUCCESS');
      await setTask(started.id, started.version, 'Failed');
      const again = await setTask(queued[0].id, queued[0].version, 'Running');
      expect(again.setTaskRunStates.states[0]).toMatchObject({ status: 'SUCCESS', state: 'Running' });
      const still = await setTask(queued[1].id, queued[1].version, 'Running');
      expect(still.setTaskRunStates.states[0]).toMatchObject({ status: 'QUEUED' });
    });

    it('lets one run of a flow with a limit of 1 start; the other waits Queued wrapping its Scheduled state', async () => {
      const flowId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('one-at-a-time') })).id;
      await gqlData(t.server, t.token, SET_LIMIT, { input: { flowId, slots: 1 } });
      const runs = [];
      for (let i = 0; i < 2; i++) {
        const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
        // As an agent claims it: Submitted wraps the state the run waited in.
        await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: {
            states: [
              { flowRunId: run.id, version: 1, state: state('Submitted', { state: state('Scheduled') }) },
            ],
          },
        });
        runs.push(run);
      }
      const answers = await Promise.all(runs.map((run) => setFlow(run.id, 2, 'Running')));
      const statuses = answers.map((answer) => answer.setFlowRunStates.states[0].status).sort();
      expect(statuses).toEqual(['QUEUED', 'SUCCESS']);
      const queued = answers.map((a) => a.setFlowRunStates.states[0]).find((r) => r.status === 'QUEUED');
      const stored = await gqlData(
        t.server,
        t.token,
        `query($id: ID!) { flowRun(id: $id) { state serializedState } }`,
        {
          id: queued.id,
        },
      );
      expect(stored.flowRun).toMatchObject({
        state: 'Queued',
        serializedState: { state: { type: 'Scheduled' } },
      });
    });

    it('refuses a limit that names no target or two, or a negative number of slots, saying what to give', async () => {
      const two = await gql(t.server, t.token, SET_LIMIT, {
        input: { tag: 'x', flowGroupId: 'y', slots: 1 },
      });
      expect(errorCode(two)).toBe('BAD_USER_INPUT');
      expect(two.errors?.[0]?.message).toMatch(/exactly one of tag/);
      const negative = await gql(t.server, t.token, SET_LIMIT, { input: { tag: 'x', slots: -1 } });
      expect(errorCode(negative)).toBe('BAD_USER_INPUT');
      expect(negative.errors?.[0]?.message).toMatch(/slots must be a whole number/);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  createFlow,
  createFlowRun,
  createProject,
  gql,
  gqlData,
  headwaterFlow,
  SET_FLOW_RUN_STATES,
  SET_TASK_RUN_STATES,
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

const RUN = `query($id: ID!) { flowRun(id: $id) { version state startTime endTime duration
  taskRuns { id version state startTime endTime duration runCount taskSlug states { state } } } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends)('restarting a finished run on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let flowId: string;

    beforeAll(async () => {
      t = await startTestServer(backend);
      const projectId = await createProject(t);
      flowId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('restartable') })).id;
    });
    afterAll(async () => {
      await t?.close();
    });

    const setFlow = async (flowRunId: string, version: number, type: string) => {
      const response = await gql(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId, version, state: state(type) }] },
      });
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    };
    const setTask = async (taskRunId: string, version: number, type: string) => {
      const response = await gql(t.server, t.token, SET_TASK_RUN_STATES, {
        input: { states: [{ taskRunId, version, state: state(type) }] },
      });
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    };
    const read = async (id: string) => (await gqlData(t.server, t.token, RUN, { id })).flowRun;

    it('counts times and attempts from the restart, keeping the earlier cycle in the state history', async () => {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      const task = run.flowRun.taskRuns[0]!;
      await setFlow(run.id, 1, 'Submitted');
      await setFlow(run.id, 2, 'Running');
      // Three attempts (two retries), then the task and the run fail.
      await setTask(task.id, 1, 'Running');
      await setTask(task.id, 2, 'Retrying');
      await setTask(task.id, 3, 'Running');
      await setTask(task.id, 4, 'Retrying');
      await setTask(task.id, 5, 'Running');
      await setTask(task.id, 6, 'Failed');
      await setFlow(run.id, 3, 'Failed');
      const failed = await read(run.id);
      const failedTask = failed.taskRuns.find((candidate: { id: string }) => candidate.id === task.id);
      expect(failedTask.runCount).toBe(3);
      expect(failed.endTime).not.toBeNull();
      await sleep(1100);

      // Restart from failed: the task run back to Pending, the run Scheduled.
      await setTask(task.id, 7, 'Pending');
      await setFlow(run.id, 4, 'Scheduled');
      const restarted = await read(run.id);
      const pending = restarted.taskRuns.find((candidate: { id: string }) => candidate.id === task.id);
      expect(restarted).toMatchObject({ state: 'Scheduled', startTime: null, endTime: null, duration: null });
      expect(pending).toMatchObject({ state: 'Pending', startTime: null, endTime: null, runCount: 0 });

      await setFlow(run.id, 5, 'Submitted');
      await setFlow(run.id, 6, 'Running');
      await setTask(task.id, 8, 'Running');
      await setTask(task.id, 9, 'Success');
      await setFlow(run.id, 7, 'Success');
      const done = await read(run.id);
      const rerun = done.taskRuns.find((candidate: { id: string }) => candidate.id === task.id);
      expect(rerun.runCount).toBe(1);
      expect(Date.parse(rerun.startTime)).toBeGreaterThan(Date.parse(failedTask.endTime));
      expect(Date.parse(done.startTime)).toBeGreaterThan(Date.parse(failed.endTime));
      expect(done.duration).toBeLessThan(1);
      expect(rerun.states.map((record: { state: string }) => record.state)).toEqual([
        'Pending',
        'Running',
        'Retrying',
        'Running',
        'Retrying',
        'Running',
        'Failed',
        'Pending',
        'Running',
        'Success',
      ]);
    });

    it('keeps the start time and attempts of a run that is retried or handed back while unfinished', async () => {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      const task = run.flowRun.taskRuns[0]!;
      await setFlow(run.id, 1, 'Submitted');
      await setFlow(run.id, 2, 'Running');
      await setTask(task.id, 1, 'Running');
      const first = (await read(run.id)).taskRuns.find(
        (candidate: { id: string }) => candidate.id === task.id,
      );
      await setTask(task.id, 2, 'Retrying');
      await setTask(task.id, 3, 'Running');
      // Lazarus hands a Running run back as Scheduled: the same cycle goes on.
      await setFlow(run.id, 3, 'Scheduled');
      const after = await read(run.id);
      const retried = after.taskRuns.find((candidate: { id: string }) => candidate.id === task.id);
      expect(retried).toMatchObject({ runCount: 2, startTime: first.startTime });
      expect(after.startTime).not.toBeNull();
    });
  });
});

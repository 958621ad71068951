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

const RUN = `query($id: ID!) { flowRun(id: $id) { version state states { state } taskRuns { id version state taskSlug } } }`;

describe.each(backends)('State transitions on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let flowId: string;

    beforeAll(async () => {
      t = await startTestServer(backend);
      const projectId = await createProject(t);
      flowId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('transitions') })).id;
    });
    afterAll(async () => {
      await t?.close();
    });

    const setFlow = (flowRunId: string, version: number, type: string, extra = {}) =>
      gql(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId, version, state: state(type, extra) }] },
      });
    const setTask = (taskRunId: string, version: number, type: string, extra = {}) =>
      gql(t.server, t.token, SET_TASK_RUN_STATES, {
        input: { states: [{ taskRunId, version, state: state(type, extra) }] },
      });
    const read = async (id: string) => (await gqlData(t.server, t.token, RUN, { id })).flowRun;

    async function ok(result: Promise<Awaited<ReturnType<typeof setFlow>>>) {
      const response = await result;
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      return response.data;
    }

    it('refuses Running after Success, saying to restart with Scheduled, and writes nothing', async () => {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      await ok(setFlow(run.id, 1, 'Submitted'));
      await ok(setFlow(run.id, 2, 'Running'));
      await ok(setFlow(run.id, 3, 'Success'));
      const refused = await setFlow(run.id, 4, 'Running');
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(
        /flow run .* is Success and cannot become Running: .*set it Scheduled/,
      );
      expect(refused.errors?.[0]?.extensions?.details).toMatchObject({
        currentState: 'Success',
        proposedState: 'Running',
      });
      const after = await read(run.id);
      expect(after.version).toBe(4);
      expect(after.states.map((s: { state: string }) => s.state)).toEqual([
        'Scheduled',
        'Submitted',
        'Running',
        'Success',
      ]);
      // The way back: restart (Scheduled), then an agent claims and runs it again.
      await ok(setFlow(run.id, 4, 'Scheduled', { start_time: new Date().toISOString() }));
      await ok(setFlow(run.id, 5, 'Submitted'));
      await ok(setFlow(run.id, 6, 'Running'));
      expect((await read(run.id)).state).toBe('Running');
    });

    it('refuses Cancelling for a run that is not running; cancelFlowRun still cancels', async () => {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      const refused = await setFlow(run.id, 1, 'Cancelling');
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toContain('only a Running run can be cancelling');
      await ok(setFlow(run.id, 1, 'Running'));
      const cancel = `mutation($id: ID!) { cancelFlowRun(input: { flowRunId: $id }) { state } }`;
      expect((await gqlData(t.server, t.token, cancel, { id: run.id })).cancelFlowRun.state).toBe(
        'Cancelling',
      );
      expect(errorCode(await setFlow(run.id, 3, 'Running'))).toBe('BAD_USER_INPUT');
      await ok(setFlow(run.id, 3, 'Cancelled'));
    });

    it('names a stale version before a refused transition, and a version ahead as ahead', async () => {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      await ok(setFlow(run.id, 1, 'Failed'));
      const stale = await setFlow(run.id, 1, 'Running');
      expect(errorCode(stale)).toBe('VERSION_LOCKING_ERROR');
      expect(stale.errors?.[0]?.message).toContain('version 1 is stale (the current version is 2)');
      const ahead = await setFlow(run.id, 6, 'Scheduled');
      expect(errorCode(ahead)).toBe('VERSION_LOCKING_ERROR');
      expect(ahead.errors?.[0]?.message).toContain('version 6 is ahead of the current version 2');
      expect(ahead.errors?.[0]?.message).not.toContain('stale');
    });

    it('keeps a batch all-or-nothing when one transition is refused', async () => {
      const a = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      const b = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      await ok(setFlow(b.id, 1, 'Success'));
      const result = await gql(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: {
          states: [
            { flowRunId: a.id, version: 1, state: state('Submitted') },
            { flowRunId: b.id, version: 2, state: state('Submitted') },
          ],
        },
      });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain('only a run waiting to start');
      expect((await read(a.id)).version).toBe(1);
    });

    it('runs task runs through retries and loops, and refuses a finished one running again', async () => {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      await ok(setFlow(run.id, 1, 'Running'));
      const task = run.flowRun.taskRuns.find((r) => r.taskSlug === 'add-1')!;
      await ok(setTask(task.id, 1, 'Running'));
      await ok(setTask(task.id, 2, 'Failed'));
      await ok(setTask(task.id, 3, 'Retrying', { start_time: new Date().toISOString(), run_count: 1 }));
      await ok(setTask(task.id, 4, 'Submitted'));
      await ok(setTask(task.id, 5, 'Running'));
      await ok(setTask(task.id, 6, 'Looped'));
      await ok(setTask(task.id, 7, 'Running'));
      await ok(setTask(task.id, 8, 'Success'));
      const refused = await setTask(task.id, 9, 'Running');
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(/task run .* is Success and cannot become Running/);
      // Restart from failed: the UI sets task runs Pending and the flow run Scheduled.
      await ok(setTask(task.id, 9, 'Pending'));
      await ok(setTask(task.id, 10, 'Running'));
    });
  });
});

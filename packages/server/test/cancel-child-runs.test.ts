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
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

const CANCEL = `mutation($id: ID!) { cancelFlowRun(input: { flowRunId: $id }) { state } }`;
const STATE = `query($id: ID!) { flowRun(id: $id) { state } }`;

describe.each(backends)('cancelling a run that started child runs, on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let flowId: string;

    beforeAll(async () => {
      t = await startTestServer(backend);
      const projectId = await createProject(t);
      flowId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('family') })).id;
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
    /** A run started by the first task run of `parent` (as `runFlow` creates it). */
    const childOf = async (parent: Awaited<ReturnType<typeof createFlowRun>>) =>
      createFlowRun(t, { flowId, parameters: { x: 1 }, parentTaskRunId: parent.flowRun.taskRuns[0]!.id });
    const stateOf = async (id: string) => (await gqlData(t.server, t.token, STATE, { id })).flowRun.state;

    it('cancels the unfinished runs its tasks started, and theirs; a finished child stays as it ended', async () => {
      const parent = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      await setFlow(parent.id, 1, 'Submitted');
      await setFlow(parent.id, 2, 'Running');
      const running = await childOf(parent);
      await setFlow(running.id, 1, 'Submitted');
      await setFlow(running.id, 2, 'Running');
      const grandchild = await childOf(running);
      const finished = await childOf(parent);
      await setFlow(finished.id, 1, 'Success');
      const unrelated = await createFlowRun(t, { flowId, parameters: { x: 1 } });

      const result = await gqlData(t.server, t.token, CANCEL, { id: parent.id });
      expect(result.cancelFlowRun.state).toBe('Cancelling');
      expect(await stateOf(running.id)).toBe('Cancelling');
      expect(await stateOf(grandchild.id)).toBe('Cancelled');
      expect(await stateOf(finished.id)).toBe('Success');
      expect(await stateOf(unrelated.id)).toBe('Scheduled');
    });
  });
});

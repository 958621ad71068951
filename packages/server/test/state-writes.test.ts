import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  createFlowRun,
  errorCode,
  gql,
  gqlData,
  SET_FLOW_RUN_STATES,
  SET_TASK_RUN_STATES,
  startTestServerWithFlow,
  state,
  type TestServer,
} from './helpers.js';

const HISTORY = `query($id: ID!) { flowRun(id: $id) { version state taskRuns { id version state } }
  flowRunStates(flowRunId: $id) { version state } }`;

describe.each(backends)('state writes on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let flowId: string;

    const newRun = async () => (await createFlowRun(t, { flowId, parameters: { x: 1 } })).flowRun;
    const history = async (id: string) => gqlData(t.server, t.token, HISTORY, { id });
    const setFlowRunStates = (states: { flowRunId: string; version: number; state: unknown }[]) =>
      gql(t.server, t.token, SET_FLOW_RUN_STATES, { input: { states } });

    beforeAll(async () => {
      ({ t, flowId } = await startTestServerWithFlow(backend, 'Writes', 'written'));
    });
    afterAll(async () => {
      await t?.close();
    });

    it('stores a lone write with its history entry, and refuses a stale one storing nothing', async () => {
      const run = await newRun();
      const written = await setFlowRunStates([
        { flowRunId: run.id, version: run.version, state: state('Pending') },
      ]);
      expect(written.data?.setFlowRunStates.states).toEqual([
        { id: run.id, status: 'SUCCESS', version: run.version + 1, state: 'Pending' },
      ]);
      const stale = await setFlowRunStates([
        { flowRunId: run.id, version: run.version, state: state('Failed') },
      ]);
      expect(errorCode(stale)).toBe('VERSION_LOCKING_ERROR');
      const read = await history(run.id);
      expect(read.flowRun).toMatchObject({ version: run.version + 1, state: 'Pending' });
      expect(read.flowRunStates).toEqual([
        { version: run.version, state: 'Scheduled' },
        { version: run.version + 1, state: 'Pending' },
      ]);
    });

    it('stores none of a batch of which one write is refused', async () => {
      const [first, second] = [await newRun(), await newRun()];
      const refused = await setFlowRunStates([
        { flowRunId: first.id, version: first.version, state: state('Pending') },
        { flowRunId: second.id, version: second.version + 5, state: state('Pending') },
      ]);
      expect(errorCode(refused)).toBe('VERSION_LOCKING_ERROR');
      for (const run of [first, second]) {
        const read = await history(run.id);
        expect(read.flowRun).toMatchObject({ version: run.version, state: 'Scheduled' });
        expect(read.flowRunStates).toEqual([{ version: run.version, state: 'Scheduled' }]);
      }
    });

    it('writes a task-run state against the flow run version it names', async () => {
      const run = await newRun();
      const running = await setFlowRunStates([
        { flowRunId: run.id, version: run.version, state: state('Running') },
      ]);
      const flowRunVersion = running.data?.setFlowRunStates.states[0].version as number;
      const taskRun = run.taskRuns[0]!;
      const write = (version: number, type: string, named: number) =>
        gql(t.server, t.token, SET_TASK_RUN_STATES, {
          input: { states: [{ taskRunId: taskRun.id, version, flowRunVersion: named, state: state(type) }] },
        });
      expect(errorCode(await write(taskRun.version, 'Running', flowRunVersion - 1))).toBe(
        'VERSION_LOCKING_ERROR',
      );
      const started = await write(taskRun.version, 'Running', flowRunVersion);
      expect(started.data?.setTaskRunStates.states).toEqual([
        { id: taskRun.id, status: 'SUCCESS', version: taskRun.version + 1, state: 'Running' },
      ]);
      const read = await history(run.id);
      expect(read.flowRun.taskRuns.find((r: { id: string }) => r.id === taskRun.id)).toEqual({
        id: taskRun.id,
        version: taskRun.version + 1,
        state: 'Running',
      });
    });
  });
});

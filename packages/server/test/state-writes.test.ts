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

    /** A Running run: its id, its version and its first task run. */
    const runningRun = async () => {
      const run = await newRun();
      const running = await setFlowRunStates([
        { flowRunId: run.id, version: run.version, state: state('Running') },
      ]);
      return {
        flowRunId: run.id,
        flowRunVersion: running.data?.setFlowRunStates.states[0].version as number,
        taskRun: run.taskRuns[0]!,
      };
    };
    const setTaskRunState = (
      taskRunId: string,
      version: number,
      flowRunVersion: number,
      type: string,
      extra: Record<string, unknown> = {},
    ) =>
      gql(t.server, t.token, SET_TASK_RUN_STATES, {
        input: { states: [{ taskRunId, version, flowRunVersion, state: state(type, extra) }] },
      });

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
      const { flowRunId, flowRunVersion, taskRun } = await runningRun();
      const write = (version: number, type: string, named: number) =>
        setTaskRunState(taskRun.id, version, named, type);
      expect(errorCode(await write(taskRun.version, 'Running', flowRunVersion - 1))).toBe(
        'VERSION_LOCKING_ERROR',
      );
      const started = await write(taskRun.version, 'Running', flowRunVersion);
      expect(started.data?.setTaskRunStates.states).toEqual([
        { id: taskRun.id, status: 'SUCCESS', version: taskRun.version + 1, state: 'Running' },
      ]);
      const read = await history(flowRunId);
      expect(read.flowRun.taskRuns.find((r: { id: string }) => r.id === taskRun.id)).toEqual({
        id: taskRun.id,
        version: taskRun.version + 1,
        state: 'Running',
      });
    });

    it('ends a task run against its flow run version, keeping its cached inputs, and refuses stale or barred writes', async () => {
      const { flowRunVersion, taskRun } = await runningRun();
      const write = (version: number, type: string, named: number) =>
        setTaskRunState(taskRun.id, version, named, type);
      expect(
        (
          await setTaskRunState(taskRun.id, taskRun.version, flowRunVersion, 'Running', {
            cached_inputs: { a: 1 },
          })
        ).errors,
      ).toBeUndefined();
      const stale = await write(taskRun.version + 1, 'Success', flowRunVersion + 1);
      expect(errorCode(stale)).toBe('VERSION_LOCKING_ERROR');
      expect(stale.errors?.[0]?.extensions?.details).toMatchObject({
        expectedFlowRunVersion: flowRunVersion + 1,
        currentFlowRunVersion: flowRunVersion,
      });
      const ended = await write(taskRun.version + 1, 'Success', flowRunVersion);
      expect(ended.data?.setTaskRunStates.states[0]).toMatchObject({
        version: taskRun.version + 2,
        state: 'Success',
      });
      const barred = await write(taskRun.version + 2, 'Submitted', flowRunVersion);
      expect(errorCode(barred)).toBe('BAD_USER_INPUT');
      const read = await gqlData(
        t.server,
        t.token,
        `query($id: ID!) { taskRun(id: $id) { version state serializedState } taskRunStates(taskRunId: $id) { state serializedState } }`,
        { id: taskRun.id },
      );
      expect(read.taskRun).toMatchObject({ version: taskRun.version + 2, state: 'Success' });
      expect(read.taskRun.serializedState).toMatchObject({ type: 'Success', cached_inputs: { a: 1 } });
      expect(read.taskRunStates.map((entry: { state: string }) => entry.state)).toEqual([
        'Pending',
        'Running',
        'Success',
      ]);
      expect(read.taskRunStates[2].serializedState).toEqual(read.taskRun.serializedState);
    });
  });
});

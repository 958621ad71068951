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
  RUNS_IN_QUEUE,
  SET_FLOW_RUN_STATES,
  SET_TASK_RUN_STATES,
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

const RUN = `query($id: ID!) { flowRun(id: $id) { version state stateStartTime
  taskRuns { id version state stateStartTime taskSlug } } }`;
const RESUME = `mutation($input: resumeFlowRunInput!) { resumeFlowRun(input: $input) {
  state flowRun { id state } taskRuns { id state taskSlug } } }`;

describe.each(backends)('resumeFlowRun on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let flowId: string;

    beforeAll(async () => {
      t = await startTestServer(backend);
      const projectId = await createProject(t);
      flowId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('approval') })).id;
    });
    afterAll(async () => {
      await t?.close();
    });

    const setFlow = async (flowRunId: string, version: number, type: string, extra = {}) => {
      const response = await gql(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId, version, state: state(type, extra) }] },
      });
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    };
    const setTask = async (taskRunId: string, version: number, type: string, extra = {}) => {
      const response = await gql(t.server, t.token, SET_TASK_RUN_STATES, {
        input: { states: [{ taskRunId, version, state: state(type, extra) }] },
      });
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    };
    const read = async (id: string) => (await gqlData(t.server, t.token, RUN, { id })).flowRun;
    const queue = async (before = new Date()) =>
      (await gqlData(t.server, t.token, RUNS_IN_QUEUE, { input: { before: before.toISOString() } }))
        .getRunsInQueue.flowRunIds as string[];
    const resume = (input: Record<string, unknown>) => gql(t.server, t.token, RESUME, { input });

    /** A run whose task add-1 paused and whose process left it Paused, as the runtime leaves one. */
    async function pausedRun(pause: Record<string, unknown> = {}) {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      await setFlow(run.id, 1, 'Submitted');
      await setFlow(run.id, 2, 'Running');
      const gate = run.flowRun.taskRuns.find((taskRun) => taskRun.taskSlug === 'add-1')!;
      await setTask(gate.id, 1, 'Running');
      await setTask(gate.id, 2, 'Paused', pause);
      await setFlow(run.id, 3, 'Paused', pause);
      return { id: run.id, gate, others: run.flowRun.taskRuns.filter((taskRun) => taskRun !== gate) };
    }

    it('keeps a Paused run without wake-up time out of the queue; resume makes it due with the task in Resume', async () => {
      const run = await pausedRun();
      const waiting = await read(run.id);
      expect(waiting.state).toBe('Paused');
      expect(waiting.stateStartTime).toBeNull();
      expect(
        waiting.taskRuns.find((r: { taskSlug: string }) => r.taskSlug === 'add-1').stateStartTime,
      ).toBeNull();
      expect(await queue(new Date(Date.now() + 365 * 86_400_000))).not.toContain(run.id);

      const resumed = await resume({ flowRunId: run.id });
      expect(resumed.errors, JSON.stringify(resumed.errors)).toBeUndefined();
      expect(resumed.data.resumeFlowRun).toMatchObject({
        state: 'Scheduled',
        flowRun: { id: run.id, state: 'Scheduled' },
        taskRuns: [{ id: run.gate.id, state: 'Resume', taskSlug: 'add-1' }],
      });
      expect(await queue()).toContain(run.id);

      // An agent claims it and the resumed task runs to the end.
      await setFlow(run.id, 5, 'Submitted');
      await setFlow(run.id, 6, 'Running');
      await setTask(run.gate.id, 4, 'Running');
      await setTask(run.gate.id, 5, 'Success');
      await setFlow(run.id, 7, 'Success');
      expect((await read(run.id)).state).toBe('Success');
    });

    it('refuses when nothing is paused, saying so, and writes nothing', async () => {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      const refused = await resume({ flowRunId: run.id });
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(/has no paused task run, so there is nothing to resume/);
      expect((await read(run.id)).version).toBe(1);
    });

    it('resumes only the task runs given, refusing one that is not Paused or not of the run', async () => {
      const run = await pausedRun();
      const notPaused = await resume({ flowRunId: run.id, taskRunIds: [run.others[0]!.id] });
      expect(errorCode(notPaused)).toBe('BAD_USER_INPUT');
      expect(notPaused.errors?.[0]?.message).toMatch(
        /is Pending, not Paused.*Paused task runs of this flow run: add-1/,
      );
      const elsewhere = await resume({
        flowRunId: run.id,
        taskRunIds: ['00000000-0000-4000-8000-000000000000'],
      });
      expect(errorCode(elsewhere)).toBe('BAD_USER_INPUT');
      expect((await read(run.id)).state).toBe('Paused');

      const resumed = await resume({ flowRunId: run.id, taskRunIds: [run.gate.id] });
      expect(resumed.data.resumeFlowRun.taskRuns).toEqual([
        { id: run.gate.id, state: 'Resume', taskSlug: 'add-1' },
      ]);
    });

    it('makes a Paused run due at its wake-up time without a resume', async () => {
      const wakeUp = new Date(Date.now() + 3_600_000);
      const run = await pausedRun({ start_time: wakeUp.toISOString() });
      expect(Date.parse((await read(run.id)).stateStartTime)).toBe(wakeUp.getTime());
      expect(await queue()).not.toContain(run.id);
      expect(await queue(new Date(wakeUp.getTime() + 1000))).toContain(run.id);
    });

    it('leaves a Running run Running; its resumed task run makes it due again', async () => {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      await setFlow(run.id, 1, 'Running');
      const gate = run.flowRun.taskRuns.find((taskRun) => taskRun.taskSlug === 'add-1')!;
      await setTask(gate.id, 1, 'Paused');
      expect(await queue()).not.toContain(run.id);
      const resumed = await resume({ flowRunId: run.id });
      expect(resumed.data.resumeFlowRun.state).toBe('Running');
      expect(await queue()).toContain(run.id);
    });

    it('refuses a finished run, saying to restart it', async () => {
      const run = await pausedRun();
      await setFlow(run.id, 4, 'Cancelled');
      const refused = await resume({ flowRunId: run.id });
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(
        /is Cancelled; a finished or cancelling run is not resumed/,
      );
    });
  });
});

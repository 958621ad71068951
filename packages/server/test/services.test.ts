import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tables } from '../src/database/tables.js';
import { connectDatabase } from '../src/index.js';
import { lazarusPass } from '../src/services/lazarus.js';
import { schedulerPass } from '../src/services/scheduler.js';
import { zombieKillerPass } from '../src/services/zombie-killer.js';
import {
  backends,
  createFlow,
  createFlowRun,
  createProject,
  gql,
  gqlData,
  headwaterFlow,
  intervalSchedule,
  SET_FLOW_RUN_STATES,
  SET_TASK_RUN_STATES,
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

describe.each(backends)('services on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let projectId: string;
    beforeAll(async () => {
      t = await startTestServer(backend, {
        services: {
          scheduler: { intervalMs: 200 },
          zombieKiller: { intervalMs: 200, heartbeatTimeoutMs: 500 },
          lazarus: { intervalMs: 200, heartbeatTimeoutMs: 500, maxResurrections: 1 },
        },
      });
      projectId = await createProject(t, 'Services');
    });
    afterAll(async () => {
      await t?.close();
    });

    async function runs(flowId: string) {
      const data = await gqlData(
        t.server,
        t.token,
        `query($f: ID!) { flowRuns(filter: { flowId: $f }, orderBy: SCHEDULED_START_TIME_ASC, first: 100) { nodes { id state version scheduledStartTime autoScheduled idempotencyKey timesResurrected taskRuns { id taskSlug state version } } } }`,
        { f: flowId },
      );
      return data.flowRuns.nodes as any[];
    }

    async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
      for (let i = 0; i < 100; i++) {
        const value = await read();
        if (ok(value)) return value;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return read();
    }

    it('keeps the next 10 runs of an active schedule, never in the past, never twice', async () => {
      const started = Date.now();
      const serializedFlow = {
        ...headwaterFlow('scheduled'),
        parameters: [],
        tasks: [],
        edges: [],
        schedule: intervalSchedule(1),
      };
      const flow = await createFlow(t, { projectId, serializedFlow });
      const scheduled = await waitFor(
        () => runs(flow.id),
        (list) => list.length >= 10,
      );
      expect(scheduled).toHaveLength(10);
      for (const run of scheduled) {
        expect(run.autoScheduled).toBe(true);
        expect(Date.parse(run.scheduledStartTime)).toBeGreaterThan(started - 1000);
        expect(run.idempotencyKey).toBe(`auto-scheduled:${run.scheduledStartTime}`);
      }
      const { db, kind } = connectDatabase<Tables>(t.url);
      try {
        // Passes racing each other (as several replicas would) create nothing new.
        const created = await Promise.all([
          schedulerPass({ db, kind }),
          schedulerPass({ db, kind }),
          schedulerPass({ db, kind }),
        ]);
        expect(created.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3);
      } finally {
        await db.destroy();
      }
      const after = await runs(flow.id);
      expect(new Set(after.map((r) => r.scheduledStartTime)).size).toBe(after.length);

      await gqlData(
        t.server,
        t.token,
        `mutation($id: ID!) { setScheduleInactive(input: { flowId: $id }) { success } }`,
        { id: flow.id },
      );
      expect(await runs(flow.id)).toEqual([]);
      const required = await createFlow(t, {
        projectId,
        serializedFlow: { ...headwaterFlow('needs-x'), schedule: intervalSchedule(1) },
      });
      const refused = await gql(
        t.server,
        t.token,
        `mutation($id: ID!) { setScheduleActive(input: { flowId: $id }) { success } }`,
        {
          id: required.id,
        },
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await runs(required.id)).toEqual([]);
    });

    it('retries, then fails, task runs of a flow run that stopped heartbeating', async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow('zombie') });
      const run = await createFlowRun(t, { flowId: flow.id, parameters: { x: 1 } });
      await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId: run.id, version: 1, state: state('Running') }] },
      });
      const task = run.flowRun.taskRuns.find((r) => r.taskSlug === 'add-1')!;
      await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
        input: { states: [{ taskRunId: task.id, version: 1, state: state('Running') }] },
      });
      const retried = await waitFor(
        () =>
          gqlData(
            t.server,
            t.token,
            `query($id: ID!) { taskRun(id: $id) { state version stateStartTime } }`,
            { id: task.id },
          ),
        (data) => data.taskRun.state !== 'Running',
      );
      expect(retried.taskRun.state).toBe('Retrying');
      const logs = await gqlData(
        t.server,
        t.token,
        `query($id: ID!) { logs(filter: { flowRunId: $id, minLevel: ERROR }) { nodes { message name } } }`,
        { id: run.id },
      );
      expect(logs.logs.nodes[0].message).toMatch(/No heartbeat detected/);
      expect(logs.logs.nodes[0].name).toBe('headwater.server.zombie-killer');

      // Its retries used up, the task run is failed.
      const zombie2 = await createFlowRun(t, { flowId: flow.id, parameters: { x: 2 } });
      await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId: zombie2.id, version: 1, state: state('Running') }] },
      });
      const x = zombie2.flowRun.taskRuns.find((r) => r.taskSlug === 'x')!;
      await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
        input: { states: [{ taskRunId: x.id, version: 1, state: state('Running') }] },
      });
      const failed = await waitFor(
        () => gqlData(t.server, t.token, `query($id: ID!) { taskRun(id: $id) { state } }`, { id: x.id }),
        (data) => data.taskRun.state !== 'Running',
      );
      expect(failed.taskRun.state).toBe('Failed');
    });

    it('reschedules lost flow runs, then fails them, with a log line each time', async () => {
      const flow = await createFlow(t, {
        projectId,
        serializedFlow: { ...headwaterFlow('lost'), parameters: [], tasks: [], edges: [] },
      });
      const run = await createFlowRun(t, { flowId: flow.id });
      await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId: run.id, version: 1, state: state('Submitted') }] },
      });
      const read = () =>
        gqlData(
          t.server,
          t.token,
          `query($id: ID!) { flowRun(id: $id) { state version timesResurrected } }`,
          { id: run.id },
        );
      const rescheduled = await waitFor(read, (data) => data.flowRun.state === 'Scheduled');
      expect(rescheduled.flowRun.timesResurrected).toBe(1);
      await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: {
          states: [{ flowRunId: run.id, version: rescheduled.flowRun.version, state: state('Running') }],
        },
      });
      const failed = await waitFor(read, (data) => data.flowRun.state === 'Failed');
      expect(failed.flowRun.state).toBe('Failed');
      const logs = await gqlData(
        t.server,
        t.token,
        `query($id: ID!) { logs(filter: { flowRunId: $id }) { nodes { level message } } }`,
        { id: run.id },
      );
      expect(logs.logs.nodes.map((l: any) => l.level)).toEqual(['INFO', 'ERROR']);
      expect(logs.logs.nodes[0].message).toMatch(/This is attempt 1/);
      expect(logs.logs.nodes[1].message).toMatch(/1 times without success/);
    });

    it('leaves runs with fresh heartbeats alone', async () => {
      const { db, kind } = connectDatabase<Tables>(t.url);
      try {
        const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow('alive') });
        const run = await createFlowRun(t, { flowId: flow.id, parameters: { x: 1 } });
        await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: { states: [{ flowRunId: run.id, version: 1, state: state('Running') }] },
        });
        const options = { heartbeatTimeoutMs: 60_000, batchSize: 100, maxResurrections: 3 };
        await zombieKillerPass({ db, kind }, options);
        await lazarusPass({ db, kind }, options);
        const data = await gqlData(
          t.server,
          t.token,
          `query($id: ID!) { flowRun(id: $id) { state version } }`,
          { id: run.id },
        );
        expect(data.flowRun).toEqual({ state: 'Running', version: 2 });
      } finally {
        await db.destroy();
      }
    });
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/api/store.js';
import { insertApiToken } from '../src/auth/api-tokens.js';
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
  errorCode,
  type GraphQLResponse,
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

const GROUP_FIELDS =
  'id versionGroupId schedule defaultParameters labels description heartbeatEnabled lazarusEnabled flows { id version }';
/** What a flow group holds before anyone changes it. */
const DEFAULT_SETTINGS = {
  schedule: null,
  defaultParameters: {},
  labels: null,
  description: null,
  heartbeatEnabled: true,
  lazarusEnabled: true,
};
const RUN_FIELDS = 'id state parameters labels scheduledStartTime autoScheduled idempotencyKey';

/** A flow with one optional parameter `y` (default 3) and no tasks, plus `extra`. */
function plainFlow(name: string, extra: Record<string, unknown> = {}) {
  const flow = headwaterFlow(name);
  return { ...flow, parameters: [flow.parameters[1]], tasks: [], edges: [], ...extra };
}

/** A flow with a required parameter `x` and `y` (default 3), no tasks, plus `extra`. */
function requiredFlow(name: string, extra: Record<string, unknown> = {}) {
  return { ...headwaterFlow(name), tasks: [], edges: [], ...extra };
}

describe.each(backends)('flow groups on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let projectId: string;
    beforeAll(async () => {
      t = await startTestServer(backend);
      projectId = await createProject(t, 'Flow groups');
    });
    afterAll(async () => {
      await t?.close();
    });

    function mutate(name: string, input: Record<string, unknown>, token = t.token): Promise<GraphQLResponse> {
      return gql(
        t.server,
        token,
        `mutation($input: ${name}Input!) { ${name}(input: $input) { success error } }`,
        {
          input,
        },
      );
    }

    async function ok(name: string, input: Record<string, unknown>) {
      const result = await mutate(name, input);
      expect(result.errors).toBeUndefined();
      expect(result.data[name]).toEqual({ success: true, error: null });
    }

    async function refused(name: string, input: Record<string, unknown>, code: string) {
      const result = await mutate(name, input);
      expect(errorCode(result)).toBe(code);
      return result.errors![0]!;
    }

    async function register(serializedFlow: Record<string, unknown>) {
      const { id } = await createFlow(t, { projectId, serializedFlow });
      const data = await gqlData(t.server, t.token, `query($id: ID!) { flow(id: $id) { flowGroupId } }`, {
        id,
      });
      return { flowId: id, groupId: data.flow.flowGroupId as string };
    }

    async function group(id: string) {
      const data = await gqlData(
        t.server,
        t.token,
        `query($id: ID!) { flowGroup(id: $id) { ${GROUP_FIELDS} } }`,
        {
          id,
        },
      );
      return data.flowGroup;
    }

    async function runs(flowId: string) {
      const data = await gqlData(
        t.server,
        t.token,
        `query($f: ID!) { flowRuns(filter: { flowId: $f }, orderBy: SCHEDULED_START_TIME_ASC, first: 100) { nodes { ${RUN_FIELDS} } } }`,
        { f: flowId },
      );
      return data.flowRuns.nodes as any[];
    }

    async function pendingAutoRuns(flowId: string) {
      return (await runs(flowId)).filter((run) => run.autoScheduled && run.state === 'Scheduled');
    }

    async function isScheduleActive(flowId: string): Promise<boolean> {
      const data = await gqlData(
        t.server,
        t.token,
        `query($id: ID!) { flow(id: $id) { isScheduleActive } }`,
        {
          id: flowId,
        },
      );
      return data.flow.isScheduleActive;
    }

    /** One zombie-killer and one lazarus pass, an hour ahead: every heartbeat is stale. */
    function servicePasses() {
      const options = { heartbeatTimeoutMs: 600_000, batchSize: 100, maxResurrections: 3 };
      const later = new Date(Date.now() + 3_600_000);
      return withDatabase(async (store) => {
        await zombieKillerPass(store, options, later);
        await lazarusPass(store, options, later);
      });
    }

    async function flags(flowId: string) {
      const data = await gqlData(
        t.server,
        t.token,
        `query($id: ID!) { flow(id: $id) { heartbeatEnabled lazarusEnabled flowGroup { heartbeatEnabled lazarusEnabled } } }`,
        { id: flowId },
      );
      expect(data.flow.flowGroup).toEqual({
        heartbeatEnabled: data.flow.heartbeatEnabled,
        lazarusEnabled: data.flow.lazarusEnabled,
      });
      return data.flow.flowGroup;
    }

    async function flowRunState(id: string) {
      const data = await gqlData(t.server, t.token, `query($id: ID!) { flowRun(id: $id) { state } }`, { id });
      return data.flowRun.state;
    }

    async function taskRunState(id: string) {
      const data = await gqlData(t.server, t.token, `query($id: ID!) { taskRun(id: $id) { state } }`, { id });
      return data.taskRun.state;
    }

    async function withDatabase<T>(fn: (store: Store) => Promise<T>): Promise<T> {
      const { db, kind } = connectDatabase<Tables>(t.url);
      try {
        return await fn({ db, kind });
      } finally {
        await db.destroy();
      }
    }

    it('exposes a flow group, with defaults, on its flows and by id', async () => {
      const v1 = await register(plainFlow('grouped'));
      const v2 = await register(plainFlow('grouped'));
      expect(v2.groupId).toBe(v1.groupId);
      const data = await gqlData(
        t.server,
        t.token,
        `query($id: ID!) { flow(id: $id) { versionGroupId flowGroup { ${GROUP_FIELDS} } } }`,
        { id: v1.flowId },
      );
      expect(data.flow.flowGroup).toEqual({
        id: v1.groupId,
        versionGroupId: data.flow.versionGroupId,
        ...DEFAULT_SETTINGS,
        flows: [
          { id: v2.flowId, version: 2 },
          { id: v1.flowId, version: 1 },
        ],
      });
      expect(await group(v1.groupId)).toEqual(data.flow.flowGroup);
      expect(await group(randomUUID())).toBeNull();
    });

    it('sets and clears a description and labels', async () => {
      const { groupId } = await register(plainFlow('described'));
      await ok('setFlowGroupDescription', { flowGroupId: groupId, description: 'Nightly export' });
      expect((await group(groupId)).description).toBe('Nightly export');
      await ok('setFlowGroupDescription', { flowGroupId: groupId, description: null });
      expect((await group(groupId)).description).toBeNull();

      await ok('setFlowGroupLabels', { flowGroupId: groupId, labels: ['gpu', 'eu', 'gpu'] });
      expect((await group(groupId)).labels).toEqual(['eu', 'gpu']);
      await refused('setFlowGroupLabels', { flowGroupId: groupId, labels: ['  '] }, 'BAD_USER_INPUT');
      expect((await group(groupId)).labels).toEqual(['eu', 'gpu']);
      await ok('setFlowGroupLabels', { flowGroupId: groupId, labels: null });
      expect((await group(groupId)).labels).toBeNull();
    });

    it('reports unknown flow groups and flows as NOT_FOUND, malformed ids as BAD_USER_INPUT', async () => {
      const unknown = randomUUID();
      const inputs: [string, Record<string, unknown>][] = [
        ['setFlowGroupSchedule', { flowGroupId: unknown, intervalClocks: [{ interval: 3600 }] }],
        ['deleteFlowGroupSchedule', { flowGroupId: unknown }],
        ['setFlowGroupDefaultParameters', { flowGroupId: unknown, parameters: {} }],
        ['setFlowGroupLabels', { flowGroupId: unknown, labels: ['a'] }],
        ['setFlowGroupDescription', { flowGroupId: unknown, description: 'x' }],
        ['deleteFlowGroup', { flowGroupId: unknown }],
      ];
      for (const [name, input] of inputs) {
        const error = await refused(name, input, 'NOT_FOUND');
        expect(error.message).toBe(`Flow group ${unknown} was not found in this tenant.`);
      }
      for (const name of [
        'enableFlowHeartbeat',
        'disableFlowHeartbeat',
        'enableFlowLazarusProcess',
        'disableFlowLazarusProcess',
      ]) {
        const error = await refused(name, { flowId: unknown }, 'NOT_FOUND');
        expect(error.message).toBe(`Flow ${unknown} was not found in this tenant.`);
      }
      await refused('deleteFlowGroup', { flowGroupId: 'not-a-uuid' }, 'BAD_USER_INPUT');
    });

    it('keeps flow groups to their tenant', async () => {
      const { flowId, groupId } = await register(plainFlow('private'));
      const other = await withDatabase(async ({ db }) => {
        const tenantId = randomUUID();
        const now = new Date().toISOString();
        await db
          .insertInto('tenant')
          .values({ id: tenantId, name: 'Other', slug: `other-${tenantId}`, created: now, updated: now })
          .execute();
        return (await insertApiToken(db, { tenantId, name: 'other', scope: 'USER' })).token;
      });
      const description = await mutate(
        'setFlowGroupDescription',
        { flowGroupId: groupId, description: 'x' },
        other,
      );
      expect(errorCode(description)).toBe('NOT_FOUND');
      expect(errorCode(await mutate('deleteFlowGroup', { flowGroupId: groupId }, other))).toBe('NOT_FOUND');
      expect(errorCode(await mutate('disableFlowHeartbeat', { flowId }, other))).toBe('NOT_FOUND');
      const read = await gqlData(t.server, other, `query($id: ID!) { flowGroup(id: $id) { id } }`, {
        id: groupId,
      });
      expect(read.flowGroup).toBeNull();
      expect(await group(groupId)).toMatchObject({ description: null, heartbeatEnabled: true });
    });

    it('layers flow defaults < group default parameters < supplied, and labels supplied > group > flow', async () => {
      const environment = { ...headwaterFlow('x').environment, labels: ['flow-label'] };
      const { flowId, groupId } = await register(requiredFlow('layered', { environment }));
      const missing = await gql(
        t.server,
        t.token,
        `mutation($i: createFlowRunInput!) { createFlowRun(input: $i) { id } }`,
        {
          i: { flowId },
        },
      );
      expect(errorCode(missing)).toBe('BAD_USER_INPUT');
      expect(missing.errors?.[0]?.message).toMatch(/Required parameters were not supplied: x\./);

      await ok('setFlowGroupDefaultParameters', {
        flowGroupId: groupId,
        parameters: { x: 1, y: 4, z: 'group' },
      });
      expect((await group(groupId)).defaultParameters).toEqual({ x: 1, y: 4, z: 'group' });
      // z is not a parameter of this version: its runs leave it out.
      let run = await createFlowRun(t, { flowId });
      expect(run.flowRun.parameters).toEqual({ x: 1, y: 4 });
      expect(run.flowRun.labels).toEqual(['flow-label']);
      run = await createFlowRun(t, { flowId, parameters: { y: 5 } });
      expect(run.flowRun.parameters).toEqual({ x: 1, y: 5 });

      await ok('setFlowGroupLabels', { flowGroupId: groupId, labels: ['group-label'] });
      expect((await createFlowRun(t, { flowId })).flowRun.labels).toEqual(['group-label']);
      expect((await createFlowRun(t, { flowId, labels: ['mine'] })).flowRun.labels).toEqual(['mine']);
      await ok('setFlowGroupLabels', { flowGroupId: groupId, labels: [] });
      expect((await createFlowRun(t, { flowId })).flowRun.labels).toEqual([]);
      await ok('setFlowGroupLabels', { flowGroupId: groupId, labels: null });
      expect((await createFlowRun(t, { flowId })).flowRun.labels).toEqual(['flow-label']);

      // The settings belong to the group: a new version and runs by version group get them too.
      const v2 = await register(requiredFlow('layered'));
      expect(v2.groupId).toBe(groupId);
      const data = await gqlData(t.server, t.token, `query($id: ID!) { flow(id: $id) { versionGroupId } }`, {
        id: v2.flowId,
      });
      run = await createFlowRun(t, { versionGroupId: data.flow.versionGroupId, parameters: { y: 6 } });
      expect(run.flowRun.parameters).toEqual({ x: 1, y: 6 });

      for (const parameters of [[1, 2], 'x']) {
        await refused(
          'setFlowGroupDefaultParameters',
          { flowGroupId: groupId, parameters },
          'BAD_USER_INPUT',
        );
      }
      expect((await group(groupId)).defaultParameters).toEqual({ x: 1, y: 4, z: 'group' });
    });

    it('replaces a flow schedule with the group schedule, and back', async () => {
      const { flowId, groupId } = await register(
        plainFlow('every-minute', { schedule: intervalSchedule(1) }),
      );
      const own = await pendingAutoRuns(flowId);
      expect(own).toHaveLength(10);
      const started = own[0];
      await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId: started.id, version: 1, state: state('Running') }] },
      });
      const manual = await createFlowRun(t, { flowId, scheduledStartTime: '2099-01-01T00:00:00.000Z' });

      // 09:00 in Kolkata (UTC+05:30) is 03:30 UTC.
      await ok('setFlowGroupSchedule', {
        flowGroupId: groupId,
        cronClocks: [{ cron: '0 9 * * *' }],
        timezone: 'Asia/Kolkata',
      });
      const schedule = (await group(groupId)).schedule;
      expect(schedule).toMatchObject({
        type: 'Schedule',
        clocks: [{ type: 'CronClock', cron: '0 9 * * *', timezone: 'Asia/Kolkata', parameter_defaults: {} }],
      });
      let pending = await pendingAutoRuns(flowId);
      expect(pending).toHaveLength(10);
      for (const run of pending) {
        expect(run.scheduledStartTime).toMatch(/T03:30:00\.000Z$/);
        expect(run.parameters).toEqual({ y: 3 });
        expect(run.idempotencyKey).toBe(`auto-scheduled:${run.scheduledStartTime}`);
      }
      const all = await runs(flowId);
      expect(all.find((run) => run.id === started.id)?.state).toBe('Running');
      expect(all.find((run) => run.id === manual.id)?.state).toBe('Scheduled');

      // The scheduler service follows the group schedule too: nothing new, no minute runs.
      await withDatabase(async (store) => {
        await schedulerPass(store);
        await schedulerPass(store, new Date(Date.now() + 3 * 86_400_000));
      });
      pending = await pendingAutoRuns(flowId);
      expect(pending.length).toBeGreaterThanOrEqual(10);
      expect(pending.every((run) => run.scheduledStartTime.endsWith('T03:30:00.000Z'))).toBe(true);

      await ok('deleteFlowGroupSchedule', { flowGroupId: groupId });
      expect((await group(groupId)).schedule).toBeNull();
      expect(await isScheduleActive(flowId)).toBe(true);
      pending = await pendingAutoRuns(flowId);
      expect(pending.length).toBeGreaterThanOrEqual(9);
      for (const [index, run] of pending.entries()) {
        if (index === 0) continue;
        expect(Date.parse(run.scheduledStartTime) - Date.parse(pending[index - 1].scheduledStartTime)).toBe(
          60_000,
        );
      }
      expect(Date.parse(pending.at(-1).scheduledStartTime)).toBeLessThan(Date.now() + 15 * 60_000);
    });

    it('runs same-time clocks with different parameters side by side', async () => {
      const { flowId, groupId } = await register(plainFlow('two-clocks'));
      await ok('setFlowGroupSchedule', {
        flowGroupId: groupId,
        intervalClocks: [{ interval: 3600 }],
        cronClocks: [{ cron: '0 * * * *', parameterDefaults: { y: 10 } }],
        timezone: 'Europe/Berlin',
      });
      expect(await pendingAutoRuns(flowId)).toEqual([]);
      expect(await isScheduleActive(flowId)).toBe(false);
      await ok('setScheduleActive', { flowId });
      const pending = await pendingAutoRuns(flowId);
      expect(pending).toHaveLength(10);
      const times = [...new Set(pending.map((run) => run.scheduledStartTime))];
      expect(times).toHaveLength(5);
      for (const time of times) {
        const atTime = pending.filter((run) => run.scheduledStartTime === time);
        expect(atTime.map((run) => run.parameters.y).sort()).toEqual([10, 3]);
        expect(atTime.find((run) => run.parameters.y === 3).idempotencyKey).toBe(`auto-scheduled:${time}`);
        expect(atTime.find((run) => run.parameters.y === 10).idempotencyKey).toMatch(
          new RegExp(`^auto-scheduled:${time.replace(/\./g, '\\.')}:[0-9a-f]{32}$`),
        );
      }
      expect((await group(groupId)).schedule.clocks).toEqual([
        expect.objectContaining({
          type: 'CronClock',
          parameter_defaults: { y: 10 },
          timezone: 'Europe/Berlin',
        }),
        expect.objectContaining({
          type: 'IntervalClock',
          interval: 3600 * 1_000_000,
          parameter_defaults: {},
        }),
      ]);

      // Without its group schedule the flow has none: its schedule is turned off.
      await ok('deleteFlowGroupSchedule', { flowGroupId: groupId });
      expect(await isScheduleActive(flowId)).toBe(false);
      expect(await pendingAutoRuns(flowId)).toEqual([]);
      const refusedActive = await refused('setScheduleActive', { flowId }, 'BAD_USER_INPUT');
      expect(refusedActive.message).toMatch(/has no schedule, and neither has its flow group/);
    });

    it('refuses invalid clocks, naming them, and changes nothing', async () => {
      const { flowId, groupId } = await register(plainFlow('invalid-clocks'));
      await ok('setFlowGroupSchedule', { flowGroupId: groupId, intervalClocks: [{ interval: 7200 }] });
      const before = (await group(groupId)).schedule;
      const cases: [Record<string, unknown>, RegExp][] = [
        [
          { cronClocks: [{ cron: '0 9 * * *' }, { cron: 'every day' }] },
          /^Invalid cronClocks\.1: "every day"/,
        ],
        [
          { intervalClocks: [{ interval: 0 }] },
          /^Invalid intervalClocks\.0: the interval must be a positive/,
        ],
        [{ intervalClocks: [{ interval: 3600 }, { interval: -60 }] }, /^Invalid intervalClocks\.1:/],
        [{ intervalClocks: [{ interval: 30 }] }, /^Invalid intervalClocks\.0: .*at most once a minute/],
        [
          { cronClocks: [{ cron: '0 9 * * *' }], timezone: 'Mars/Olympus_Mons' },
          /^Invalid timezone: "Mars\/Olympus_Mons"/,
        ],
        [
          { cronClocks: [{ cron: '0 9 * * *', parameterDefaults: [1] }] },
          /^Invalid cronClocks\.0\.parameterDefaults/,
        ],
        [{ cronClocks: [], intervalClocks: [] }, /at least one clock/],
      ];
      for (const [input, message] of cases) {
        const error = await refused(
          'setFlowGroupSchedule',
          { flowGroupId: groupId, ...input },
          'BAD_USER_INPUT',
        );
        expect(error.message).toMatch(message);
      }
      expect((await group(groupId)).schedule).toEqual(before);
      expect(await runs(flowId)).toEqual([]);
    });

    it('schedules only when every clock gives required parameters a value', async () => {
      const { flowId, groupId } = await register(requiredFlow('needs-x'));
      await ok('setFlowGroupSchedule', {
        flowGroupId: groupId,
        intervalClocks: [{ interval: 3600, parameterDefaults: { x: 7 } }, { interval: 7200 }],
      });
      const gap = await refused('setScheduleActive', { flowId }, 'BAD_USER_INPUT');
      expect(gap.message).toMatch(
        /^Can not schedule a flow that has required parameters: clock 1 .* leaves x without/,
      );
      expect(gap.extensions?.details).toEqual({ flowId, clock: 1, missing: ['x'] });
      expect(await isScheduleActive(flowId)).toBe(false);

      await ok('setFlowGroupDefaultParameters', { flowGroupId: groupId, parameters: { x: 1 } });
      await ok('setScheduleActive', { flowId });
      const pending = await pendingAutoRuns(flowId);
      expect(pending).toHaveLength(10);
      expect(new Set(pending.map((run) => run.parameters.x))).toEqual(new Set([1, 7]));
      for (const run of pending) expect(run.parameters.y).toBe(3);

      // Nothing may leave the scheduled flow without x: the change is refused and rolled back.
      await refused(
        'setFlowGroupDefaultParameters',
        { flowGroupId: groupId, parameters: {} },
        'BAD_USER_INPUT',
      );
      expect((await group(groupId)).defaultParameters).toEqual({ x: 1 });
    });

    it('gives a new version of a scheduled group its schedule at registration', async () => {
      const { flowId, groupId } = await register(plainFlow('versioned'));
      await ok('setFlowGroupSchedule', { flowGroupId: groupId, cronClocks: [{ cron: '15 4 * * *' }] });
      const v2 = await register(plainFlow('versioned'));
      expect(v2.groupId).toBe(groupId);
      expect(await isScheduleActive(v2.flowId)).toBe(true);
      const pending = await pendingAutoRuns(v2.flowId);
      expect(pending).toHaveLength(10);
      for (const run of pending) expect(run.scheduledStartTime).toMatch(/T04:15:00\.000Z$/);
      expect(await runs(flowId)).toEqual([]);
    });

    it('deletes a flow group with its flows and runs', async () => {
      const v1 = await register(plainFlow('doomed'));
      const v2 = await register(plainFlow('doomed'));
      const run = await createFlowRun(t, { flowId: v2.flowId });
      await ok('deleteFlowGroup', { flowGroupId: v1.groupId });
      const data = await gqlData(
        t.server,
        t.token,
        `query($a: ID!, $b: ID!, $r: ID!, $g: ID!) { a: flow(id: $a) { id } b: flow(id: $b) { id } flowRun(id: $r) { id } flowGroup(id: $g) { id } }`,
        { a: v1.flowId, b: v2.flowId, r: run.id, g: v1.groupId },
      );
      expect(data).toEqual({ a: null, b: null, flowRun: null, flowGroup: null });
      await refused('deleteFlowGroup', { flowGroupId: v1.groupId }, 'NOT_FOUND');
    });

    it('refuses every flow-group mutation to a RUNNER token', async () => {
      const { flowId, groupId } = await register(plainFlow('runner'));
      const created = await gqlData(
        t.server,
        t.token,
        `mutation { createApiToken(input: { name: "flow-group-runner", scope: RUNNER }) { token } }`,
      );
      const runner = created.createApiToken.token as string;
      const inputs: [string, Record<string, unknown>][] = [
        ['setFlowGroupSchedule', { flowGroupId: groupId, intervalClocks: [{ interval: 3600 }] }],
        ['deleteFlowGroupSchedule', { flowGroupId: groupId }],
        ['setFlowGroupDefaultParameters', { flowGroupId: groupId, parameters: { y: 1 } }],
        ['setFlowGroupLabels', { flowGroupId: groupId, labels: ['a'] }],
        ['setFlowGroupDescription', { flowGroupId: groupId, description: 'x' }],
        ['deleteFlowGroup', { flowGroupId: groupId }],
        ['enableFlowHeartbeat', { flowId }],
        ['disableFlowHeartbeat', { flowId }],
        ['enableFlowLazarusProcess', { flowId }],
        ['disableFlowLazarusProcess', { flowId }],
      ];
      for (const [name, input] of inputs) {
        const result = await mutate(name, input, runner);
        expect(errorCode(result)).toBe('FORBIDDEN');
        expect(result.errors?.[0]?.message).toBe(`A RUNNER token may not use ${name}; use a USER token.`);
      }
      // A runner may read the group, and nothing changed.
      const read = await gqlData(
        t.server,
        runner,
        `query($id: ID!) { flowGroup(id: $id) { ${GROUP_FIELDS} } }`,
        {
          id: groupId,
        },
      );
      expect(read.flowGroup).toMatchObject({ ...DEFAULT_SETTINGS, flows: [{ id: flowId, version: 1 }] });
    });

    it('lazarus leaves a flow alone while its lazarus process is disabled', async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: plainFlow('lost') });
      const run = await createFlowRun(t, { flowId: flow.id });
      await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId: run.id, version: 1, state: state('Submitted') }] },
      });
      await ok('disableFlowLazarusProcess', { flowId: flow.id });
      expect(await flags(flow.id)).toEqual({ heartbeatEnabled: true, lazarusEnabled: false });
      await servicePasses();
      expect(await flowRunState(run.id)).toBe('Submitted');

      await ok('enableFlowLazarusProcess', { flowId: flow.id });
      expect(await flags(flow.id)).toEqual({ heartbeatEnabled: true, lazarusEnabled: true });
      await servicePasses();
      expect(await flowRunState(run.id)).toBe('Scheduled');
    });

    it('zombie killer and lazarus leave a flow alone while its heartbeat is disabled', async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow('silent') });
      const zombie = await createFlowRun(t, { flowId: flow.id, parameters: { x: 1 } });
      await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId: zombie.id, version: 1, state: state('Running') }] },
      });
      const task = zombie.flowRun.taskRuns.find((r) => r.taskSlug === 'add-1')!;
      await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
        input: { states: [{ taskRunId: task.id, version: 1, state: state('Running') }] },
      });
      const lost = await createFlowRun(t, { flowId: flow.id, parameters: { x: 2 } });
      const lostTasks = lost.flowRun.taskRuns.map((r) => ({
        taskRunId: r.id,
        version: 1,
        state: state('Success'),
      }));
      await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId: lost.id, version: 1, state: state('Running') }] },
      });
      await gqlData(t.server, t.token, SET_TASK_RUN_STATES, { input: { states: lostTasks } });

      await ok('disableFlowHeartbeat', { flowId: flow.id });
      expect(await flags(flow.id)).toEqual({ heartbeatEnabled: false, lazarusEnabled: true });
      await servicePasses();
      expect(await taskRunState(task.id)).toBe('Running');
      expect(await flowRunState(lost.id)).toBe('Running');

      await ok('enableFlowHeartbeat', { flowId: flow.id });
      expect(await flags(flow.id)).toEqual({ heartbeatEnabled: true, lazarusEnabled: true });
      await servicePasses();
      expect(await taskRunState(task.id)).toBe('Retrying');
      expect(await flowRunState(lost.id)).toBe('Scheduled');
    });
  });
});

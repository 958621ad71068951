import { gzipSync } from 'node:zlib';
import { SEED_FLOW } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  CREATE_FLOW,
  CREATE_FLOW_RUN,
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

describe.each(backends)('API on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(backend);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('runs the seed createProject mutation verbatim', async () => {
      const result = await gql(
        t.server,
        t.token,
        `mutation {
  createProject(input: { name: "My Project" }) {
    project {
      id
      name
    }
  }
}`,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.createProject.project.name).toBe('My Project');
      expect(result.data.createProject.project.id).toMatch(/^[0-9a-f-]{36}$/);
      const again = await gql(
        t.server,
        t.token,
        'mutation { createProject(input: { name: "My Project" }) { id } }',
      );
      expect(errorCode(again)).toBe('CONFLICT');
    });

    it('runs the seed createFlow mutation verbatim with the Python 0.6.1 $input', async () => {
      const result = await gql(
        t.server,
        t.token,
        `mutation($input: createFlowInput!) {
  createFlow(input: $input) {
    id
  }
}`,
        { input: SEED_FLOW },
      );
      expect(result.errors).toBeUndefined();
      const id = result.data.createFlow.id;
      const flow = await gqlData(
        t.server,
        t.token,
        'query($id: ID!) { flow(id: $id) { name version coreVersion archived storage environment serializedFlow project { name } tasks { id } labels } }',
        { id },
      );
      expect(flow.flow).toMatchObject({
        name: 'example-env',
        version: 1,
        coreVersion: '0.6.1',
        archived: false,
        project: { name: 'My Project' },
        tasks: [],
        labels: [],
      });
      expect(flow.flow.storage.registry_url).toBe('prefecthq/storage-example');
      expect(flow.flow.serializedFlow).toEqual(SEED_FLOW);
    });

    it('refuses Python flows older than 0.6.1 and unknown flow types', async () => {
      const old = await gql(t.server, t.token, CREATE_FLOW, {
        input: { ...SEED_FLOW, __version__: '0.5.5' },
      });
      expect(errorCode(old)).toBe('BAD_USER_INPUT');
      expect(old.errors?.[0]?.message).toMatch(/0\.6\.1/);
      const unknown = await gql(t.server, t.token, CREATE_FLOW, {
        input: { ...SEED_FLOW, type: 'airflow.DAG' },
      });
      expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
      expect(unknown.errors?.[0]?.message).toMatch(/at type/);
    });

    describe('flows', () => {
      let projectId: string;
      beforeAll(async () => {
        projectId = await createProject(t, 'Flows');
      });

      it('extracts tasks and edges', async () => {
        const created = await createFlow(t, { projectId, serializedFlow: headwaterFlow('dag') });
        const data = await gqlData(
          t.server,
          t.token,
          `query($id: ID!) { flow(id: $id) { parameters { name required default } tasks { slug maxRetries retryDelay isRootTask isTerminalTask isReferenceTask upstreamEdges { key upstreamTask { slug } } } edges { key } } }`,
          { id: created.id },
        );
        expect(data.flow.parameters).toEqual([
          { name: 'x', required: true, default: null },
          { name: 'y', required: false, default: 3 },
        ]);
        const add = data.flow.tasks.find((task: any) => task.slug === 'add-1');
        expect(add).toMatchObject({
          maxRetries: 2,
          retryDelay: 5,
          isRootTask: false,
          isTerminalTask: true,
          isReferenceTask: true,
        });
        expect(add.upstreamEdges.map((e: any) => [e.key, e.upstreamTask.slug]).sort()).toEqual([
          ['a', 'x'],
          ['b', 'y'],
        ]);
        expect(data.flow.tasks.find((task: any) => task.slug === 'x')).toMatchObject({
          isRootTask: true,
          isTerminalTask: false,
        });
      });

      it('refuses edges to unknown tasks and duplicate slugs', async () => {
        const flow = headwaterFlow('broken');
        const badEdge = await gql(t.server, t.token, CREATE_FLOW, {
          input: {
            projectId,
            serializedFlow: {
              ...flow,
              edges: [{ upstream_task: { slug: 'nope' }, downstream_task: { slug: 'x' } }],
            },
          },
        });
        expect(errorCode(badEdge)).toBe('BAD_USER_INPUT');
        expect(badEdge.errors?.[0]?.message).toMatch(/edges\[0\]\.upstream_task\.slug.*"nope"/);
        const duplicate = await gql(t.server, t.token, CREATE_FLOW, {
          input: { projectId, serializedFlow: { ...flow, tasks: [flow.tasks[0], flow.tasks[0]], edges: [] } },
        });
        expect(errorCode(duplicate)).toBe('BAD_USER_INPUT');
        const flows = await gqlData(
          t.server,
          t.token,
          `{ flows(filter: { name: "broken" }) { totalCount } }`,
        );
        expect(flows.flows.totalCount).toBe(0);
      });

      it('puts new versions in the same group and archives older ones', async () => {
        const first = await createFlow(t, { projectId, serializedFlow: headwaterFlow('versioned') });
        const second = await createFlow(t, { projectId, serializedFlow: headwaterFlow('versioned') });
        expect(second.flow.versionGroupId).toBe(first.flow.versionGroupId);
        expect(second.flow.version).toBe(2);
        const latest = await gqlData(
          t.server,
          t.token,
          `{ flows(filter: { name: "versioned" }) { nodes { id version archived } } }`,
        );
        expect(latest.flows.nodes).toEqual([{ id: second.id, version: 2, archived: false }]);
        const all = await gqlData(
          t.server,
          t.token,
          `query($id: ID!) { flows(filter: { name: "versioned" }, allVersions: true) { nodes { version archived } } flow(id: $id) { versions { version } } }`,
          { id: first.id },
        );
        expect(all.flows.nodes).toEqual([
          { version: 2, archived: false },
          { version: 1, archived: true },
        ]);
        expect(all.flow.versions.map((v: any) => v.version)).toEqual([2, 1]);

        const archivedRun = await gql(t.server, t.token, CREATE_FLOW_RUN, {
          input: { flowId: first.id, parameters: { x: 1 } },
        });
        expect(errorCode(archivedRun)).toBe('BAD_USER_INPUT');
        expect(archivedRun.errors?.[0]?.message).toMatch(/archived/);
        const byGroup = await createFlowRun(t, {
          versionGroupId: first.flow.versionGroupId,
          parameters: { x: 1 },
        });
        const run = await gqlData(t.server, t.token, `query($id: ID!) { flowRun(id: $id) { flowId } }`, {
          id: byGroup.id,
        });
        expect(run.flowRun.flowId).toBe(second.id);

        const separate = await createFlow(t, {
          projectId,
          serializedFlow: headwaterFlow('versioned'),
          versionGroupId: 'my-group',
        });
        expect(separate.flow.versionGroupId).toBe('my-group');
        expect(separate.flow.version).toBe(1);
      });

      it('returns the existing flow for a repeated registration idempotency key', async () => {
        const a = await createFlow(t, {
          projectId,
          serializedFlow: headwaterFlow('idem'),
          idempotencyKey: 'k1',
        });
        const b = await createFlow(t, {
          projectId,
          serializedFlow: headwaterFlow('idem'),
          idempotencyKey: 'k1',
        });
        expect(b).toMatchObject({ id: a.id, created: false });
        const c = await createFlow(t, {
          projectId,
          serializedFlow: headwaterFlow('idem'),
          idempotencyKey: 'k2',
        });
        expect(c.created).toBe(true);
        expect(c.flow.version).toBe(2);
      });

      it('registers a base64 gzip compressed flow', async () => {
        const compressed = gzipSync(JSON.stringify(headwaterFlow('compressed'))).toString('base64');
        const data = await gqlData(
          t.server,
          t.token,
          `mutation($input: createFlowFromCompressedStringInput!) { createFlowFromCompressedString(input: $input) { id flow { name } } }`,
          { input: { projectId, serializedFlow: compressed } },
        );
        expect(data.createFlowFromCompressedString.flow.name).toBe('compressed');
        const broken = await gql(
          t.server,
          t.token,
          `mutation($input: createFlowFromCompressedStringInput!) { createFlowFromCompressedString(input: $input) { id } }`,
          { input: { projectId, serializedFlow: 'not gzip at all' } },
        );
        expect(errorCode(broken)).toBe('BAD_USER_INPUT');
        expect(broken.errors?.[0]?.message).toMatch(/decompress/);
      });

      it('needs projectId when the tenant has several projects', async () => {
        const result = await gql(t.server, t.token, CREATE_FLOW, { input: headwaterFlow('orphan') });
        expect(errorCode(result)).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.message).toMatch(/projectId is required/);
      });

      it('renames, describes and deletes projects with cascade', async () => {
        const id = await createProject(t, 'Temporary');
        const renamed = await gqlData(
          t.server,
          t.token,
          `mutation($id: ID!) { renameProject(input: { projectId: $id, name: "Renamed" }) { project { name } } setProjectDescription(input: { projectId: $id, description: "d" }) { project { description } } }`,
          { id },
        );
        expect(renamed.renameProject.project.name).toBe('Renamed');
        expect(renamed.setProjectDescription.project.description).toBe('d');
        const flow = await createFlow(t, { projectId: id, serializedFlow: headwaterFlow('doomed') });
        const run = await createFlowRun(t, { flowId: flow.id, parameters: { x: 1 } });
        await gqlData(
          t.server,
          t.token,
          `mutation($id: ID!) { deleteProject(input: { projectId: $id }) { success } }`,
          { id },
        );
        const gone = await gqlData(
          t.server,
          t.token,
          `query($f: ID!, $r: ID!) { flow(id: $f) { id } flowRun(id: $r) { id } project(name: "Renamed") { id } }`,
          {
            f: flow.id,
            r: run.id,
          },
        );
        expect(gone).toEqual({ flow: null, flowRun: null, project: null });
        const missing = await gql(
          t.server,
          t.token,
          `mutation($id: ID!) { deleteProject(input: { projectId: $id }) { success } }`,
          { id },
        );
        expect(errorCode(missing)).toBe('NOT_FOUND');
      });

      it('archives and deletes flows', async () => {
        const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow('to-archive') });
        const run = await createFlowRun(t, { flowId: flow.id, parameters: { x: 1 } });
        await gqlData(
          t.server,
          t.token,
          `mutation($id: ID!) { archiveFlow(input: { flowId: $id }) { success } }`,
          { id: flow.id },
        );
        const after = await gqlData(
          t.server,
          t.token,
          `query($f: ID!, $r: ID!) { flow(id: $f) { archived } flowRun(id: $r) { state stateMessage } }`,
          {
            f: flow.id,
            r: run.id,
          },
        );
        expect(after.flow.archived).toBe(true);
        expect(after.flowRun.state).toBe('Cancelled');
        expect(after.flowRun.stateMessage).toMatch(/archived/);
        // The flow was read to create the run before: the new one is refused all the same.
        const refused = await gql(
          t.server,
          t.token,
          `mutation($i: createFlowRunInput!) { createFlowRun(input: $i) { id } }`,
          { i: { flowId: flow.id, parameters: { x: 2 } } },
        );
        expect(errorCode(refused)).toBe('BAD_USER_INPUT');
        expect(refused.errors?.[0]?.message).toMatch(/is archived and takes no new runs/);
        await gqlData(
          t.server,
          t.token,
          `mutation($id: ID!) { deleteFlow(input: { flowId: $id }) { success } }`,
          { id: flow.id },
        );
        const gone = await gqlData(
          t.server,
          t.token,
          `query($f: ID!, $r: ID!) { flow(id: $f) { id } flowRun(id: $r) { id } }`,
          { f: flow.id, r: run.id },
        );
        expect(gone).toEqual({ flow: null, flowRun: null });
      });
    });

    describe('flow runs', () => {
      let flowId: string;
      beforeAll(async () => {
        const projectId = await createProject(t, 'Runs');
        flowId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('runs') })).id;
      });

      it('merges parameters with defaults and requires the required ones', async () => {
        const run = await createFlowRun(t, { flowId, parameters: { x: 10 } });
        expect(run.created).toBe(true);
        expect(run.flowRun).toMatchObject({ version: 1, state: 'Scheduled', parameters: { x: 10, y: 3 } });
        expect(run.flowRun.taskRuns.map((r) => [r.taskSlug, r.state, r.version])).toEqual([
          ['add-1', 'Pending', 1],
          ['x', 'Pending', 1],
          ['y', 'Pending', 1],
        ]);
        const overridden = await createFlowRun(t, {
          flowId,
          parameters: { x: 1, y: 5 },
          labels: ['b', 'a', 'b'],
          name: 'named',
        });
        expect(overridden.flowRun).toMatchObject({
          parameters: { x: 1, y: 5 },
          labels: ['a', 'b'],
          name: 'named',
        });
        const missing = await gql(t.server, t.token, CREATE_FLOW_RUN, {
          input: { flowId, parameters: { y: 1 } },
        });
        expect(errorCode(missing)).toBe('BAD_USER_INPUT');
        expect(missing.errors?.[0]?.message).toBe('Required parameters were not supplied: x.');
        const neither = await gql(t.server, t.token, CREATE_FLOW_RUN, { input: {} });
        expect(errorCode(neither)).toBe('BAD_USER_INPUT');
        const unknown = await gql(t.server, t.token, CREATE_FLOW_RUN, {
          input: { flowId: '00000000-0000-4000-8000-000000000000' },
        });
        expect(errorCode(unknown)).toBe('NOT_FOUND');
      });

      it('returns the same run for the same idempotency key, once per flow', async () => {
        const a = await createFlowRun(t, { flowId, parameters: { x: 1 }, idempotencyKey: 'run-key' });
        const b = await createFlowRun(t, { flowId, parameters: { x: 2 }, idempotencyKey: 'run-key' });
        expect(b).toMatchObject({ id: a.id, created: false });
        expect(b.flowRun.parameters).toEqual({ x: 1, y: 3 });
        const history = await gqlData(
          t.server,
          t.token,
          `query($id: ID!) { flowRunStates(flowRunId: $id) { version state } }`,
          { id: a.id },
        );
        expect(history.flowRunStates).toEqual([{ version: 1, state: 'Scheduled' }]);
        const parallel = await Promise.all(
          Array.from({ length: 8 }, () =>
            createFlowRun(t, { flowId, parameters: { x: 1 }, idempotencyKey: 'parallel-key' }),
          ),
        );
        expect(new Set(parallel.map((r) => r.id)).size).toBe(1);
        expect(parallel.filter((r) => r.created)).toHaveLength(1);
      });

      it('refuses a stale version and keeps the history append-only', async () => {
        const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
        const claimed = await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: { states: [{ flowRunId: run.id, version: 1, state: state('Submitted') }] },
        });
        expect(claimed.setFlowRunStates.states[0]).toMatchObject({
          status: 'SUCCESS',
          version: 2,
          state: 'Submitted',
        });
        const stale = await gql(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: { states: [{ flowRunId: run.id, version: 1, state: state('Submitted') }] },
        });
        expect(errorCode(stale)).toBe('VERSION_LOCKING_ERROR');
        expect(stale.errors?.[0]?.extensions?.details).toMatchObject({
          expectedVersion: 1,
          currentVersion: 2,
        });
        await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: { states: [{ flowRunId: run.id, version: 2, state: state('Running') }] },
        });

        const taskRun = run.flowRun.taskRuns.find((r) => r.taskSlug === 'add-1')!;
        const wrongFlowVersion = await gql(t.server, t.token, SET_TASK_RUN_STATES, {
          input: {
            states: [{ taskRunId: taskRun.id, version: 1, flowRunVersion: 2, state: state('Running') }],
          },
        });
        expect(errorCode(wrongFlowVersion)).toBe('VERSION_LOCKING_ERROR');
        const started = await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
          input: {
            states: [
              {
                taskRunId: taskRun.id,
                version: 1,
                flowRunVersion: 3,
                state: state('Running', { cached_inputs: { a: 1 } }),
              },
            ],
          },
        });
        expect(started.setTaskRunStates.states[0]).toMatchObject({ version: 2, state: 'Running' });
        await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
          input: { states: [{ taskRunId: taskRun.id, version: 2, state: state('Success') }] },
        });
        await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: { states: [{ flowRunId: run.id, version: 3, state: state('Success') }] },
        });

        const read = await gqlData(
          t.server,
          t.token,
          `query($id: ID!, $t: ID!) { flowRun(id: $id) { version state startTime endTime duration heartbeat states { version state } } taskRun(id: $t) { runCount serializedState startTime endTime } taskRunStates(taskRunId: $t) { version state } }`,
          { id: run.id, t: taskRun.id },
        );
        expect(read.flowRun.version).toBe(4);
        expect(read.flowRun.states.map((s: any) => `${s.version}:${s.state}`)).toEqual([
          '1:Scheduled',
          '2:Submitted',
          '3:Running',
          '4:Success',
        ]);
        expect(read.flowRun.startTime).not.toBeNull();
        expect(read.flowRun.endTime >= read.flowRun.startTime).toBe(true);
        expect(read.taskRun.runCount).toBe(1);
        expect(read.taskRun.serializedState.cached_inputs).toEqual({ a: 1 });
        expect(read.taskRunStates.map((s: any) => s.state)).toEqual(['Pending', 'Running', 'Success']);
      });

      it('refuses a Running task run in a flow run that is not Running, and bad states', async () => {
        const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
        const taskRun = run.flowRun.taskRuns[0]!;
        const early = await gql(t.server, t.token, SET_TASK_RUN_STATES, {
          input: { states: [{ taskRunId: taskRun.id, version: 1, state: state('Running') }] },
        });
        expect(errorCode(early)).toBe('BAD_USER_INPUT');
        expect(early.errors?.[0]?.message).toMatch(/not Running/);
        const unknownType = await gql(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: { states: [{ flowRunId: run.id, version: 1, state: { type: 'Exploded' } }] },
        });
        expect(errorCode(unknownType)).toBe('BAD_USER_INPUT');
        const huge = await gql(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: {
            states: [
              { flowRunId: run.id, version: 1, state: state('Running', { result: 'x'.repeat(1_100_000) }) },
            ],
          },
        });
        expect(errorCode(huge)).toBe('BAD_USER_INPUT');
        expect(huge.errors?.[0]?.extensions?.limit).toBe('statePayload');
        const batch = await gql(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: {
            states: [
              { flowRunId: run.id, version: 1, state: state('Submitted') },
              { flowRunId: run.id, version: 1, state: state('Running') },
            ],
          },
        });
        expect(errorCode(batch)).toBe('VERSION_LOCKING_ERROR');
        const unchanged = await gqlData(
          t.server,
          t.token,
          `query($id: ID!) { flowRun(id: $id) { version state } }`,
          { id: run.id },
        );
        expect(unchanged.flowRun).toEqual({ version: 1, state: 'Scheduled' });
      });

      it('cancels: Scheduled → Cancelled with task runs, Running → Cancelling, finished unchanged', async () => {
        const scheduled = await createFlowRun(t, { flowId, parameters: { x: 1 } });
        const cancelled = await gqlData(
          t.server,
          t.token,
          `mutation($id: ID!) { cancelFlowRun(input: { flowRunId: $id }) { state flowRun { taskRuns { state } } } }`,
          {
            id: scheduled.id,
          },
        );
        expect(cancelled.cancelFlowRun.state).toBe('Cancelled');
        expect(cancelled.cancelFlowRun.flowRun.taskRuns.map((r: any) => r.state)).toEqual([
          'Cancelled',
          'Cancelled',
          'Cancelled',
        ]);
        const again = await gqlData(
          t.server,
          t.token,
          `mutation($id: ID!) { cancelFlowRun(input: { flowRunId: $id }) { state } }`,
          { id: scheduled.id },
        );
        expect(again.cancelFlowRun.state).toBe('Cancelled');
        const running = await createFlowRun(t, { flowId, parameters: { x: 1 } });
        await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: { states: [{ flowRunId: running.id, version: 1, state: state('Running') }] },
        });
        const cancelling = await gqlData(
          t.server,
          t.token,
          `mutation($id: ID!) { cancelFlowRun(input: { flowRunId: $id }) { state } }`,
          { id: running.id },
        );
        expect(cancelling.cancelFlowRun.state).toBe('Cancelling');
      });

      it('gets or creates mapped task runs and records heartbeats', async () => {
        const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
        const taskId = (
          await gqlData(t.server, t.token, `query($id: ID!) { taskRun(id: $id) { taskId } }`, {
            id: run.flowRun.taskRuns[0]!.id,
          })
        ).taskRun.taskId;
        const query = `mutation($input: getOrCreateTaskRunInput!) { getOrCreateTaskRun(input: $input) { id version state taskRun { mapIndex } } }`;
        const child = await gqlData(t.server, t.token, query, {
          input: { flowRunId: run.id, taskId, mapIndex: 3 },
        });
        expect(child.getOrCreateTaskRun).toMatchObject({
          version: 1,
          state: 'Pending',
          taskRun: { mapIndex: 3 },
        });
        const same = await gqlData(t.server, t.token, query, {
          input: { flowRunId: run.id, taskId, mapIndex: 3 },
        });
        expect(same.getOrCreateTaskRun.id).toBe(child.getOrCreateTaskRun.id);
        const parent = await gqlData(t.server, t.token, query, { input: { flowRunId: run.id, taskId } });
        expect(parent.getOrCreateTaskRun.id).toBe(run.flowRun.taskRuns[0]!.id);
        const badTask = await gql(t.server, t.token, query, { input: { flowRunId: run.id, taskId: run.id } });
        expect(errorCode(badTask)).toBe('BAD_USER_INPUT');

        await gqlData(
          t.server,
          t.token,
          `mutation($id: ID!, $t: ID!) { updateFlowRunHeartbeat(input: { flowRunId: $id }) { success } updateTaskRunHeartbeat(input: { taskRunId: $t }) { success } }`,
          {
            id: run.id,
            t: child.getOrCreateTaskRun.id,
          },
        );
        const beat = await gqlData(
          t.server,
          t.token,
          `query($id: ID!) { flowRun(id: $id) { heartbeat taskRuns { mapIndex heartbeat } } }`,
          { id: run.id },
        );
        expect(beat.flowRun.heartbeat).not.toBeNull();
        expect(beat.flowRun.taskRuns.find((r: any) => r.mapIndex === 3).heartbeat).not.toBeNull();
      });

      it('filters and pages flow runs with cursors', async () => {
        const projectId = await createProject(t, 'Paging');
        const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow('paging') });
        const ids: string[] = [];
        for (let i = 0; i < 7; i++) {
          const run = await createFlowRun(t, {
            flowId: flow.id,
            parameters: { x: i },
            scheduledStartTime: new Date(Date.UTC(2030, 0, 1, 0, i)).toISOString(),
            labels: i % 2 ? ['odd'] : [],
          });
          ids.push(run.id);
        }
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const page: any = await gqlData(
            t.server,
            t.token,
            `query($p: ID!, $after: String) { flowRuns(filter: { projectId: $p }, orderBy: SCHEDULED_START_TIME_ASC, first: 3, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`,
            { p: projectId, after },
          );
          expect(page.flowRuns.totalCount).toBe(7);
          seen.push(...page.flowRuns.nodes.map((n: any) => n.id));
          after = page.flowRuns.pageInfo.hasNextPage ? page.flowRuns.pageInfo.endCursor : null;
        } while (after);
        expect(seen).toEqual(ids);
        const filtered = await gqlData(
          t.server,
          t.token,
          `query($f: ID!) { odd: flowRuns(filter: { flowId: $f, labels: ["odd"] }) { totalCount } late: flowRuns(filter: { flowId: $f, scheduledAfter: "2030-01-01T00:04:00Z" }) { totalCount } scheduled: flowRuns(filter: { flowId: $f, stateGroup: "Pending" }) { totalCount } done: flowRuns(filter: { flowId: $f, states: ["Success"] }) { totalCount } }`,
          { f: flow.id },
        );
        expect(filtered).toEqual({
          odd: { totalCount: 3 },
          late: { totalCount: 3 },
          scheduled: { totalCount: 7 },
          done: { totalCount: 0 },
        });
        const tooBig = await gql(t.server, t.token, `{ flowRuns(first: 501) { totalCount } }`);
        expect(errorCode(tooBig)).toBe('BAD_USER_INPUT');
        expect(tooBig.errors?.[0]?.extensions?.limit).toBe('pageSize');
        const forged = await gql(t.server, t.token, `{ flowRuns(after: "garbage") { totalCount } }`);
        expect(errorCode(forged)).toBe('BAD_USER_INPUT');
      });

      it('writes logs and reads them with level filters and pagination', async () => {
        const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
        const logs = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'].map((level, i) => ({
          flowRunId: run.id,
          level,
          message: `line ${i} Needle`,
          name: 'test',
          timestamp: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
        }));
        logs.push({ flowRunId: run.id, message: 'defaults to INFO now' } as any);
        await gqlData(
          t.server,
          t.token,
          `mutation($input: writeRunLogsInput!) { writeRunLogs(input: $input) { success } }`,
          { input: { logs } },
        );
        const query = `query($f: LogFilter!, $after: String) { logs(filter: $f, first: 2, after: $after) { totalCount nodes { level message } pageInfo { endCursor hasNextPage } } }`;
        const warnings = await gqlData(t.server, t.token, query, {
          f: { flowRunId: run.id, minLevel: 'WARNING' },
        });
        expect(warnings.logs.totalCount).toBe(3);
        expect(warnings.logs.nodes.map((n: any) => n.level)).toEqual(['WARNING', 'ERROR']);
        const next = await gqlData(t.server, t.token, query, {
          f: { flowRunId: run.id, minLevel: 'WARNING' },
          after: warnings.logs.pageInfo.endCursor,
        });
        expect(next.logs.nodes.map((n: any) => n.level)).toEqual(['CRITICAL']);
        expect(next.logs.pageInfo.hasNextPage).toBe(false);
        const search = await gqlData(t.server, t.token, query, {
          f: { flowRunId: run.id, search: 'needle', levels: ['DEBUG', 'INFO'] },
        });
        expect(search.logs.totalCount).toBe(2);
        const unknownRun = await gql(
          t.server,
          t.token,
          `mutation($input: writeRunLogsInput!) { writeRunLogs(input: $input) { success } }`,
          {
            input: { logs: [{ flowRunId: '00000000-0000-4000-8000-000000000000', message: 'x' }] },
          },
        );
        expect(errorCode(unknownRun)).toBe('NOT_FOUND');
      });
    });

    describe('queue', () => {
      let flowId: string;
      let runs: Record<string, string>;
      const before = '2031-01-01T00:00:00.000Z';
      beforeAll(async () => {
        const projectId = await createProject(t, 'Queue');
        flowId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('queued') })).id;
        runs = {};
        const make = async (key: string, labels: string[], minute: number) => {
          runs[key] = (
            await createFlowRun(t, {
              flowId,
              parameters: { x: 1 },
              labels,
              scheduledStartTime: new Date(Date.UTC(2030, 5, 1, 0, minute)).toISOString(),
            })
          ).id;
        };
        await make('none', [], 1);
        await make('a', ['qa'], 2);
        await make('ab', ['qa', 'qb'], 3);
        await make('c', ['qc'], 4);
        await make('future', [], 60 * 24 * 400);
      });

      async function queue(labels: string[]) {
        const data = await gqlData(t.server, t.token, RUNS_IN_QUEUE, { input: { before, labels } });
        return data.getRunsInQueue.flowRunIds as string[];
      }

      it('returns runs whose labels are a subset of the agent labels, oldest first', async () => {
        expect(await queue([])).toContain(runs.none);
        expect(await queue([])).not.toContain(runs.a);
        expect(await queue(['qa'])).toEqual([runs.a]);
        expect(await queue(['qb', 'qa'])).toEqual([runs.a, runs.ab]);
        expect(await queue(['qa', 'qb', 'qc'])).toEqual([runs.a, runs.ab, runs.c]);
        expect(await queue(['z'])).toEqual([]);
        expect(await queue([])).not.toContain(runs.future);
      });

      it('drops claimed runs and re-offers Running runs with a due retrying task run', async () => {
        const claimed = await gqlData(
          t.server,
          t.token,
          `query($id: ID!) { flowRun(id: $id) { version taskRuns { id version taskSlug } } }`,
          { id: runs.c },
        );
        await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: {
            states: [{ flowRunId: runs.c, version: claimed.flowRun.version, state: state('Submitted') }],
          },
        });
        expect(await queue(['qc'])).toEqual([]);
        await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: {
            states: [{ flowRunId: runs.c, version: claimed.flowRun.version + 1, state: state('Running') }],
          },
        });
        const taskRun = claimed.flowRun.taskRuns.find((r: any) => r.taskSlug === 'add-1');
        await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
          input: {
            states: [
              {
                taskRunId: taskRun.id,
                version: 1,
                state: state('Retrying', { start_time: '2030-12-01T00:00:00Z' }),
              },
            ],
          },
        });
        expect(await queue(['qc'])).toEqual([runs.c]);
        const early = await gqlData(t.server, t.token, RUNS_IN_QUEUE, {
          input: { before: '2030-11-01T00:00:00Z', labels: ['qc'] },
        });
        expect(early.getRunsInQueue.flowRunIds).toEqual([]);
      });

      it('registers agents idempotently and records when they polled', async () => {
        const register = `mutation($input: registerAgentInput!) { registerAgent(input: $input) { id } }`;
        const a = await gqlData(t.server, t.token, register, {
          input: { name: 'agent-1', type: 'DockerAgent', labels: ['b', 'a'] },
        });
        const b = await gqlData(t.server, t.token, register, {
          input: { name: 'agent-1', type: 'DockerAgent', labels: ['a', 'b'] },
        });
        expect(b.registerAgent.id).toBe(a.registerAgent.id);
        await gqlData(
          t.server,
          t.token,
          RUNS_IN_QUEUE,
          { input: { labels: ['a'] } },
          { 'x-headwater-agent-id': a.registerAgent.id },
        );
        const agents = await gqlData(t.server, t.token, `{ agents { id name labels lastQueried } }`);
        expect(agents.agents).toHaveLength(1);
        expect(agents.agents[0]).toMatchObject({ name: 'agent-1', labels: ['a', 'b'] });
        expect(agents.agents[0].lastQueried).not.toBeNull();
      });
    });

    describe('tokens and scopes', () => {
      it('needs a token for everything but hello and /health', async () => {
        const hello = await gql(t.server, null, `{ hello }`);
        expect(hello.data).toEqual({ hello: '👋' });
        const health = await fetch(`${t.server.url}/health`);
        expect(await health.json()).toEqual({ status: 'ok' });
        const anonymous = await gql(t.server, null, `{ projects { id } }`);
        expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
        const wrong = await gql(t.server, 'hw_not-a-real-token', `{ projects { id } }`);
        expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
        const malformed = await gql(t.server, null, `{ projects { id } }`, undefined, {
          authorization: 'Basic abc',
        });
        expect(errorCode(malformed)).toBe('UNAUTHENTICATED');
      });

      it('creates, lists, limits and revokes tokens', async () => {
        const created = await gqlData(
          t.server,
          t.token,
          `mutation { createApiToken(input: { name: "agent", scope: RUNNER }) { id token apiToken { name scope prefix revoked lastUsed } } }`,
        );
        const runner = created.createApiToken.token as string;
        expect(runner).toMatch(/^hw_[A-Za-z0-9_-]{43}$/);
        expect(created.createApiToken.apiToken).toMatchObject({
          name: 'agent',
          scope: 'RUNNER',
          revoked: false,
          lastUsed: null,
        });
        expect(runner.startsWith(created.createApiToken.apiToken.prefix)).toBe(true);

        const info = await gqlData(t.server, runner, `{ authInfo { scope tokenName } }`);
        expect(info.authInfo).toEqual({ scope: 'RUNNER', tokenName: 'agent' });
        expect((await gql(t.server, runner, RUNS_IN_QUEUE, { input: {} })).errors).toBeUndefined();
        expect(
          errorCode(
            await gql(t.server, runner, `mutation { createProject(input: { name: "nope" }) { id } }`),
          ),
        ).toBe('FORBIDDEN');
        expect(errorCode(await gql(t.server, runner, `{ apiTokens { id } }`))).toBe('FORBIDDEN');
        expect(
          errorCode(
            await gql(
              t.server,
              runner,
              `mutation { createApiToken(input: { name: "x", scope: USER }) { token } }`,
            ),
          ),
        ).toBe('FORBIDDEN');

        const list = await gqlData(t.server, t.token, `{ apiTokens { id name scope lastUsed } }`);
        const listed = list.apiTokens.find((token: any) => token.id === created.createApiToken.id);
        expect(listed.lastUsed).not.toBeNull();
        expect(JSON.stringify(list)).not.toContain(runner);

        await gqlData(
          t.server,
          t.token,
          `mutation($id: ID!) { revokeApiToken(input: { tokenId: $id }) { success } }`,
          { id: created.createApiToken.id },
        );
        expect(errorCode(await gql(t.server, runner, `{ authInfo { scope } }`))).toBe('UNAUTHENTICATED');
      });

      it('refuses expired tokens', async () => {
        const soon = new Date(Date.now() + 1500).toISOString();
        const created = await gqlData(
          t.server,
          t.token,
          `mutation($e: DateTime) { createApiToken(input: { name: "short", scope: USER, expiresAt: $e }) { token } }`,
          {
            e: soon,
          },
        );
        const token = created.createApiToken.token;
        expect((await gql(t.server, token, `{ authInfo { scope } }`)).errors).toBeUndefined();
        await new Promise((resolve) => setTimeout(resolve, 1600));
        expect(errorCode(await gql(t.server, token, `{ authInfo { scope } }`))).toBe('UNAUTHENTICATED');
        const past = await gql(
          t.server,
          t.token,
          `mutation { createApiToken(input: { name: "old", scope: USER, expiresAt: "2000-01-01T00:00:00Z" }) { token } }`,
        );
        expect(errorCode(past)).toBe('BAD_USER_INPUT');
      });
    });

    describe('limits', () => {
      it('refuses deep, costly, aliased and oversized requests with a named limit', async () => {
        const deep = await gql(
          t.server,
          t.token,
          `{ flowRuns { nodes { flow { project { flows { versions { project { flows { versions { project { name } } } } } } } } } } }`,
        );
        expect(errorCode(deep)).toBe('BAD_USER_INPUT');
        expect(deep.errors?.[0]?.extensions?.limit).toBe('queryDepth');
        const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: hello`).join(' ');
        const aliased = await gql(t.server, t.token, `{ ${aliases} }`);
        expect(aliased.errors?.[0]?.extensions?.limit).toBe('aliases');
        const big = await fetch(t.server.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
          body: JSON.stringify({ query: '{ hello }', variables: { pad: 'x'.repeat(6 * 1024 * 1024) } }),
        });
        expect(big.status).toBe(413);
        const body = (await big.json()) as any;
        expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'bodySize' });
      });

      it('answers malformed requests with client errors', async () => {
        const notJson = await fetch(t.server.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
          body: '{"query": ',
        });
        expect(notJson.status).toBe(400);
        expect(((await notJson.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
        const wrongType = await gql(t.server, t.token, CREATE_FLOW_RUN, { input: { flowId: 42 } });
        expect(errorCode(wrongType)).toBe('BAD_USER_INPUT');
        const badId = await gql(t.server, t.token, `{ flowRun(id: "not-a-uuid") { id } }`);
        expect(errorCode(badId)).toBe('BAD_USER_INPUT');
        const hugeName = await gql(t.server, t.token, CREATE_FLOW_RUN, {
          input: { flowId: '00000000-0000-4000-8000-000000000000', name: 'n'.repeat(10_000) },
        });
        expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(errorCode(hugeName));
      });
    });

    it('reports the API and reference data', async () => {
      const data = await gqlData(
        t.server,
        t.token,
        `{ api { backend version database } referenceData { scheduledLikeStates finishedStates stateTypes { name parent } } }`,
      );
      expect(data.api).toMatchObject({
        backend: 'HEADWATER',
        database: backend.name === 'SQLite' ? 'sqlite' : 'postgres',
      });
      expect(data.referenceData.scheduledLikeStates).toContain('Retrying');
      expect(data.referenceData.stateTypes).toContainEqual({ name: 'Cached', parent: 'Success' });
    });
  });
});

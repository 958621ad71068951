import { Flow, parameter, task } from '@headwater/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  backends,
  CREATE_FLOW,
  CREATE_FLOW_RUN,
  createFlow,
  createProject,
  errorCode,
  gql,
  gqlData,
  startTestServer,
  type TestServer,
} from './helpers.js';

const COUNT_RUNS = '{ flowRuns { totalCount } }';
const FLOW_GROUP = 'query($id: ID!) { flow(id: $id) { flowGroupId } }';
const mutation = (name: string) =>
  `mutation($input: ${name}Input!) { ${name}(input: $input) { success error } }`;

/** A flow whose parameters carry schemas: a declared type, a zod schema, an unchecked one. */
function checkedFlow(name: string) {
  const flow = new Flow(name);
  const x = parameter('x', { schema: { type: 'number' } });
  const rows = parameter('rows', { schema: z.array(z.object({ id: z.number() })), default: [] });
  const free = parameter('free', { default: 'anything' });
  flow.add(
    task(({ x }: { x: number }) => x, { name: 'use-x' }),
    { x },
  );
  flow.add(
    task(({ rows }: { rows: { id: number }[] }) => rows.length, { name: 'count' }),
    { rows },
  );
  flow.add(
    task(({ free }: { free: unknown }) => free, { name: 'use-free' }),
    { free },
  );
  return JSON.parse(JSON.stringify(flow.serialize())) as Record<string, any>;
}

/** A flow as the original Python implementation serialized it: parameters without schemas. */
function pythonFlow(name: string) {
  const v = '0.6.1';
  return {
    name,
    type: 'prefect.core.flow.Flow',
    schedule: null,
    parameters: [
      {
        name: 'x',
        slug: 'x',
        type: 'prefect.core.task.Parameter',
        required: true,
        default: null,
        __version__: v,
      },
    ],
    tasks: [{ slug: 'x', name: 'x', type: 'prefect.core.task.Parameter', max_retries: 0, __version__: v }],
    edges: [],
    reference_tasks: [],
    environment: { type: 'CloudEnvironment', __version__: v },
    storage: null,
    __version__: v,
  };
}

describe.each(backends)('Checked parameters on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let projectId: string;

    beforeAll(async () => {
      t = await startTestServer(backend);
      projectId = await createProject(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    const runs = async () => (await gqlData(t.server, t.token, COUNT_RUNS)).flowRuns.totalCount as number;
    const run = (flowId: string, parameters: Record<string, unknown>) =>
      gql(t.server, t.token, CREATE_FLOW_RUN, { input: { flowId, parameters } });
    const register = (serializedFlow: unknown) =>
      gql(t.server, t.token, CREATE_FLOW, { input: { projectId, serializedFlow } });

    it('refuses a run whose value the schema refuses, naming its path, and creates nothing', async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: checkedFlow('bad-value') });
      const before = await runs();
      const result = await run(flow.id, { x: 'notanumber' });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(
        /^Parameter values do not match what flow bad-value \(.*\) declares: parameters\.x: expected number, got string "notanumber"\. Give values of the declared types\.$/,
      );
      expect(result.errors?.[0]?.extensions?.details).toEqual({
        issues: [
          { parameter: 'x', path: 'parameters.x', message: 'expected number, got string "notanumber"' },
        ],
      });
      const nested = await run(flow.id, { x: 1, rows: [{ id: 1 }, { id: 'two' }] });
      expect(nested.errors?.[0]?.message).toContain(
        'parameters.rows[1].id: expected number, got string "two"',
      );
      expect(await runs()).toBe(before);
    });

    it('creates a run whose values the schemas accept, leaving unchecked parameters free', async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: checkedFlow('good-value') });
      const result = await gqlData(t.server, t.token, CREATE_FLOW_RUN, {
        input: { flowId: flow.id, parameters: { x: 2.5, rows: [{ id: 1 }], free: { any: ['thing'] } } },
      });
      const declared = await gqlData(
        t.server,
        t.token,
        'query($id: ID!) { flow(id: $id) { parameters { name schema } } }',
        {
          id: flow.id,
        },
      );
      expect(declared.flow.parameters).toContainEqual({ name: 'x', schema: { type: 'number' } });
      expect(declared.flow.parameters).toContainEqual({ name: 'free', schema: null });
      expect(result.createFlowRun.flowRun.parameters).toEqual({
        x: 2.5,
        rows: [{ id: 1 }],
        free: { any: ['thing'] },
      });
    });

    it('takes any value for a flow serialized by the Python implementation, as before', async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: pythonFlow('python-params') });
      const result = await gqlData(t.server, t.token, CREATE_FLOW_RUN, {
        input: { flowId: flow.id, parameters: { x: 'notanumber' } },
      });
      expect(result.createFlowRun.flowRun.parameters).toEqual({ x: 'notanumber' });
    });

    it('refuses a flow whose parameter schema does not compile, or whose default it refuses', async () => {
      const wire = checkedFlow('bad-schema');
      wire.parameters.find((p: { name: string }) => p.name === 'x').schema.json_schema = { type: 'numbr' };
      const bad = await register(wire);
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(bad.errors?.[0]?.message).toMatch(
        /parameters\[\d\]\.schema\.json_schema: .*not a usable JSON Schema/,
      );

      const defaults = checkedFlow('bad-default');
      defaults.parameters.find((p: { name: string }) => p.name === 'rows').default = 'not rows';
      const refused = await register(defaults);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(
        /default its schema refuses: parameters\.rows: expected array/,
      );
    });

    it("checks the flow group's default parameters when set, and says where a run's bad value came from", async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: checkedFlow('group-defaults') });
      const { flowGroupId } = (await gqlData(t.server, t.token, FLOW_GROUP, { id: flow.id })).flow;
      const set = (parameters: Record<string, unknown>) =>
        gql(t.server, t.token, mutation('setFlowGroupDefaultParameters'), {
          input: { flowGroupId, parameters },
        });
      const refused = await set({ x: 'one' });
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toContain('parameters.x: expected number, got string "one"');
      expect((await set({ x: 1 })).errors).toBeUndefined();
      const created = await gqlData(t.server, t.token, CREATE_FLOW_RUN, { input: { flowId: flow.id } });
      expect(created.createFlowRun.flowRun.parameters.x).toBe(1);
    });

    it("refuses to turn on a schedule whose clocks give values the flow's schemas refuse", async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: checkedFlow('scheduled') });
      const { flowGroupId } = (await gqlData(t.server, t.token, FLOW_GROUP, { id: flow.id })).flow;
      const schedule = (x: unknown) =>
        gql(t.server, t.token, mutation('setFlowGroupSchedule'), {
          input: { flowGroupId, intervalClocks: [{ interval: 3600, parameterDefaults: { x } }] },
        });
      const activate = () =>
        gql(t.server, t.token, mutation('setScheduleActive'), { input: { flowId: flow.id } });
      expect((await schedule('soon')).errors).toBeUndefined();
      const refused = await activate();
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(
        /clock 0 of its schedule gives parameter values its parameters refuse: parameters\.x: expected number, got string "soon"/,
      );
      expect(refused.errors?.[0]?.extensions?.details).toMatchObject({
        clock: 0,
        issues: [{ path: 'parameters.x' }],
      });
      expect((await schedule(4)).errors).toBeUndefined();
      expect((await activate()).errors).toBeUndefined();
      const scheduled = await gqlData(
        t.server,
        t.token,
        'query($f: ID!) { flowRuns(filter: { flowId: $f }, first: 100) { nodes { parameters } } }',
        { f: flow.id },
      );
      expect(scheduled.flowRuns.nodes.length).toBeGreaterThan(0);
      for (const node of scheduled.flowRuns.nodes) expect(node.parameters.x).toBe(4);
    });
  });
});

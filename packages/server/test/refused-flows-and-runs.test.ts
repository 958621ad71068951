import { SEED_FLOW } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  CREATE_FLOW,
  CREATE_FLOW_RUN,
  createFlow,
  createProject,
  errorCode,
  gql,
  gqlData,
  headwaterFlow,
  startTestServer,
  type TestServer,
} from './helpers.js';

const COUNT_RUNS = '{ flowRuns { totalCount } }';
const cronSchedule = (cron: string) => ({
  type: 'Schedule',
  clocks: [{ type: 'CronClock', cron, start_date: null, end_date: null, __version__: '0.1.0' }],
  __version__: '0.1.0',
});

describe.each(backends)('Flows and runs the API refuses on $name', (backend) => {
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
    const register = (serializedFlow: unknown) =>
      gql(t.server, t.token, CREATE_FLOW, { input: { projectId, serializedFlow } });

    it('refuses parameters the flow does not declare, naming them and the declared ones', async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow('declared') });
      const before = await runs();
      const result = await gql(t.server, t.token, CREATE_FLOW_RUN, {
        input: { flowId: flow.id, parameters: { x: 1, z: 2, w: 3 } },
      });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(
        /^Flow declared \(.*\) does not declare the parameters z, w\. It declares x, y\.$/,
      );
      expect(result.errors?.[0]?.extensions?.details).toEqual({ unknown: ['z', 'w'], declared: ['x', 'y'] });
      expect(await runs()).toBe(before);
      const accepted = await gql(t.server, t.token, CREATE_FLOW_RUN, {
        input: { flowId: flow.id, parameters: { x: 1 } },
      });
      expect(accepted.errors).toBeUndefined();
    });

    it("leaves the flow group's default parameters the flow does not declare out of its runs", async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow('grouped') });
      const { flowGroupId } = (
        await gqlData(t.server, t.token, 'query($id: ID!) { flow(id: $id) { flowGroupId } }', { id: flow.id })
      ).flow;
      await gqlData(
        t.server,
        t.token,
        'mutation($input: setFlowGroupDefaultParametersInput!) { setFlowGroupDefaultParameters(input: $input) { success } }',
        { input: { flowGroupId, parameters: { y: 7, other: true } } },
      );
      const run = await gqlData(t.server, t.token, CREATE_FLOW_RUN, {
        input: { flowId: flow.id, parameters: { x: 1 } },
      });
      expect(run.createFlowRun.flowRun.parameters).toEqual({ x: 1, y: 7 });
    });

    it('checks the parameters of a flow serialized by the Python implementation the same way', async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: SEED_FLOW });
      const result = await gql(t.server, t.token, CREATE_FLOW_RUN, {
        input: { flowId: flow.id, parameters: { a: 1 } },
      });
      expect(result.errors?.[0]?.message).toMatch(
        /does not declare the parameter a\. It declares no parameters\.$/,
      );
      const accepted = await gql(t.server, t.token, CREATE_FLOW_RUN, { input: { flowId: flow.id } });
      expect(accepted.errors).toBeUndefined();
    });

    it('refuses a flow with tasks but no edges, and accepts one without tasks', async () => {
      const { edges: _edges, ...withoutEdges } = headwaterFlow('edgeless');
      const refused = await register(withoutEdges);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toContain(
        'Invalid serialized flow at edges: the flow has 3 task(s) but no `edges`',
      );
      const { edges: _none, tasks: _tasks, parameters: _parameters, ...bare } = headwaterFlow('bare');
      expect((await register(bare)).errors).toBeUndefined();
      expect((await register({ ...withoutEdges, edges: [], name: 'independent' })).errors).toBeUndefined();
    });

    it('refuses a cron clock that never fires, in a flow and in a flow group schedule', async () => {
      const refused = await register(headwaterFlow('february', { schedule: cronSchedule('0 9 31 2 *') }));
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toBe(
        'Invalid schedule.clocks[0].cron: the cron expression "0 9 31 2 *" never fires (no date matches its day-of-month and month fields together, e.g. the 31st of February); fix those fields.',
      );
      const leap = await register(headwaterFlow('leap-day', { schedule: cronSchedule('0 9 29 2 *') }));
      expect(leap.errors).toBeUndefined();
      const { flowGroupId } = (
        await gqlData(t.server, t.token, 'query($id: ID!) { flow(id: $id) { flowGroupId } }', {
          id: leap.data.createFlow.id,
        })
      ).flow;
      const group = await gql(
        t.server,
        t.token,
        'mutation($input: setFlowGroupScheduleInput!) { setFlowGroupSchedule(input: $input) { success } }',
        { input: { flowGroupId, cronClocks: [{ cron: '0 9 * * *' }, { cron: '0 0 30 2 *' }] } },
      );
      expect(errorCode(group)).toBe('BAD_USER_INPUT');
      expect(group.errors?.[0]?.message).toContain(
        'Invalid cronClocks.1.cron: the cron expression "0 0 30 2 *" never fires',
      );
    });
  });
});

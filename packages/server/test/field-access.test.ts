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
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

/** Paths to projects and agents: each needs USER, as the root `projects` and `agents` do. */
const USER_ONLY_PATHS: Record<string, string> = {
  'root projects': '{ projects { name } }',
  'root project': 'query($p: ID!) { project(id: $p) { name } }',
  'root agents': '{ agents { name } }',
  'root apiTokens': '{ apiTokens { name } }',
  'flowRun.flow.project.flows': 'query($r: ID!) { flowRun(id: $r) { flow { project { flows { id } } } } }',
  'flows.nodes.project': '{ flows { nodes { project { name } } } }',
  'flow.versions.project': 'query($f: ID!) { flow(id: $f) { versions { project { name flowCount } } } }',
  'flowGroup.flows.project': 'query($g: ID!) { flowGroup(id: $g) { flows { project { id } } } }',
  'taskRun.flowRun.flow.project':
    'query($t: ID!) { taskRun(id: $t) { flowRun { flow { project { description } } } } }',
  'flowRuns.nodes.agent': '{ flowRuns { nodes { agent { name } } } }',
  'flowRun.agent': 'query($r: ID!) { flowRun(id: $r) { agent { labels } } }',
  'task run to project through a fragment':
    'query($t: ID!) { taskRun(id: $t) { flowRun { flow { ...p } } } } fragment p on Flow { project { name } }',
};

/** What agents and flow runs read: open to a RUNNER token. */
const RUNNER_PATHS: Record<string, string> = {
  'the run to execute': `query($r: ID!) { flowRun(id: $r) { id version state agentId parameters context
    flow { id name projectId storage environment storageType serializedFlow flowGroup { id labels heartbeatEnabled }
      tasks { slug upstreamEdges { key upstreamTask { slug } } } versions { id } }
    taskRuns { id version state task { slug } states { state } } states { state } } }`,
  'task runs and their flow run':
    'query($r: ID!) { taskRuns(filter: { flowRunId: $r }) { nodes { id flowRun { id flowId } } } }',
  'states and logs': `query($r: ID!) { flowRunStates(flowRunId: $r) { state }
    logs(filter: { flowRunId: $r }) { nodes { message } } }`,
  'flows and their groups':
    '{ flows { nodes { id projectId flowGroup { flows { id name } } } } storageTypes }',
};

describe.each(backends)('field-level access on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let runner: string;
    let variables: Record<string, string>;
    beforeAll(async () => {
      t = await startTestServer(backend);
      runner = (
        await gqlData(
          t.server,
          t.token,
          'mutation { createApiToken(input: { name: "r", scope: RUNNER }) { token } }',
        )
      ).createApiToken.token;
      const p = await createProject(t, 'Access');
      const flow = await createFlow(t, { projectId: p, serializedFlow: headwaterFlow('access') });
      const run = await createFlowRun(t, { flowId: flow.id, parameters: { x: 1 } });
      const agent = await gqlData(
        t.server,
        runner,
        'mutation { registerAgent(input: { name: "a", type: "ProcessAgent" }) { id } }',
      );
      await gqlData(
        t.server,
        runner,
        SET_FLOW_RUN_STATES,
        { input: { states: [{ flowRunId: run.id, version: 1, state: state('Submitted') }] } },
        { 'x-headwater-agent-id': agent.registerAgent.id },
      );
      const group = await gqlData(t.server, t.token, 'query($f: ID!) { flow(id: $f) { flowGroupId } }', {
        f: flow.id,
      });
      variables = { p, f: flow.id, g: group.flow.flowGroupId, r: run.id, t: run.flowRun.taskRuns[0]!.id };
    });
    afterAll(() => t?.close());

    /** The variables `query` declares, from the fixture's ids. */
    const varsOf = (query: string) =>
      Object.fromEntries(Object.entries(variables).filter(([name]) => query.includes(`$${name}:`)));

    it('refuses a RUNNER token every path to projects and agents, like the root fields', async () => {
      for (const [path, query] of Object.entries(USER_ONLY_PATHS)) {
        const result = await gql(t.server, runner, query, varsOf(query));
        expect({ path, code: errorCode(result) }).toEqual({ path, code: 'FORBIDDEN' });
        expect(JSON.stringify(result.data ?? null)).not.toMatch(/Access|"a"/);
      }
    });

    it('answers the same paths to a USER token', async () => {
      for (const [path, query] of Object.entries(USER_ONLY_PATHS)) {
        const result = await gql(t.server, t.token, query, varsOf(query));
        expect({ path, errors: result.errors ?? [] }).toEqual({ path, errors: [] });
      }
      const nested = await gqlData(
        t.server,
        t.token,
        USER_ONLY_PATHS['flowRun.agent']!.replace('labels', 'name'),
        varsOf(USER_ONLY_PATHS['flowRun.agent']!),
      );
      expect(nested.flowRun.agent.name).toBe('a');
    });

    it('still gives a RUNNER token what agents and flow runs read', async () => {
      for (const [path, query] of Object.entries(RUNNER_PATHS)) {
        const result = await gql(t.server, runner, query, varsOf(query));
        expect({ path, errors: result.errors ?? [] }).toEqual({ path, errors: [] });
      }
    });
  });
});

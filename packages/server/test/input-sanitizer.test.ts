import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  CREATE_FLOW_RUN,
  createFlow,
  createFlowRun,
  createProject,
  type GraphQLResponse,
  gql,
  headwaterFlow,
  startTestServer,
  type TestServer,
} from './helpers.js';

/** JSON text of `{"a":{"a":…1}}`, `levels` objects deep (JSON.stringify would overflow on it). */
function deepJsonText(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** `{ a: { a: … 1 } }`, `levels` objects deep. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

const DEEP = '@@deep@@';

/** Sends `variables`, with every {@link DEEP} string replaced by a 5,000-level object. */
async function gqlDeep(
  t: TestServer,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLResponse> {
  const body = JSON.stringify({ query, variables }).replaceAll(JSON.stringify(DEEP), deepJsonText(5000));
  const response = await fetch(t.server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
    body,
  });
  return { ...((await response.json()) as GraphQLResponse), status: response.status };
}

function expectRefused(result: GraphQLResponse, message: RegExp | string) {
  expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe('BAD_USER_INPUT');
  if (typeof message === 'string') expect(result.errors?.[0]?.message).toContain(message);
  else expect(result.errors?.[0]?.message).toMatch(message);
}

const NUL = 'a\u0000b';
const NUL_MESSAGE = 'text contains a NUL character (U+0000)';
const DEPTH_MESSAGE = 'nested deeper than 100 levels';

describe.each(backends)('Input sanitising on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let projectId: string;
    let flowId: string;
    let flowGroupId: string;
    let runId: string;
    let taskRunId: string;

    beforeAll(async () => {
      t = await startTestServer(backend);
      projectId = await createProject(t, 'Sane');
      const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow('sane') });
      flowId = flow.id;
      const group = await gql(t.server, t.token, 'query($id: ID!) { flow(id: $id) { flowGroupId } }', {
        id: flowId,
      });
      flowGroupId = group.data.flow.flowGroupId;
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      runId = run.id;
      taskRunId = run.flowRun.taskRuns[0]!.id;
    });
    afterAll(async () => {
      await t?.close();
    });

    const CREATE_PROJECT = 'mutation($input: createProjectInput!) { createProject(input: $input) { id } }';
    const CREATE_FLOW = 'mutation($input: createFlowInput!) { createFlow(input: $input) { id } }';
    const LOGS = 'mutation($input: writeRunLogsInput!) { writeRunLogs(input: $input) { success } }';
    const FLOW_STATES =
      'mutation($input: setFlowRunStatesInput!) { setFlowRunStates(input: $input) { states { id } } }';
    const TASK_STATES =
      'mutation($input: setTaskRunStatesInput!) { setTaskRunStates(input: $input) { states { id } } }';
    const DEFAULTS =
      'mutation($input: setFlowGroupDefaultParametersInput!) { setFlowGroupDefaultParameters(input: $input) { success } }';

    /** Where text or JSON reaches the API: [what, operation, variables with `value`, its path]. */
    const cases = (value: unknown): [string, string, () => Record<string, unknown>, string][] => [
      ['createProject name', CREATE_PROJECT, () => ({ input: { name: value } }), 'input.name'],
      [
        'createProject description',
        CREATE_PROJECT,
        () => ({ input: { name: 'p2', description: value } }),
        'input.description',
      ],
      [
        'createFlowRun parameters',
        CREATE_FLOW_RUN,
        () => ({ input: { flowId, parameters: { x: [1, value] } } }),
        'input.parameters.x[1]',
      ],
      [
        'createFlowRun context',
        CREATE_FLOW_RUN,
        () => ({ input: { flowId, parameters: { x: 1 }, context: { c: value } } }),
        'input.context.c',
      ],
      [
        'createFlowRun name',
        CREATE_FLOW_RUN,
        () => ({ input: { flowId, parameters: { x: 1 }, name: value } }),
        'input.name',
      ],
      [
        'createFlowRun labels',
        CREATE_FLOW_RUN,
        () => ({ input: { flowId, parameters: { x: 1 }, labels: ['ok', value] } }),
        'input.labels[1]',
      ],
      [
        'writeRunLogs message',
        LOGS,
        () => ({ input: { logs: [{ flowRunId: runId, message: value }] } }),
        'input.logs[0].message',
      ],
      [
        'writeRunLogs info',
        LOGS,
        () => ({ input: { logs: [{ flowRunId: runId, message: 'm', info: { i: value } }] } }),
        'input.logs[0].info.i',
      ],
      [
        'setFlowRunStates message',
        FLOW_STATES,
        () => ({
          input: { states: [{ flowRunId: runId, version: 1, state: { type: 'Running', message: value } }] },
        }),
        'input.states[0].state.message',
      ],
      [
        'setTaskRunStates message',
        TASK_STATES,
        () => ({
          input: { states: [{ taskRunId, version: 1, state: { type: 'Skipped', message: value } }] },
        }),
        'input.states[0].state.message',
      ],
      [
        'createFlow document',
        CREATE_FLOW,
        () => ({ input: { projectId, serializedFlow: { ...headwaterFlow('bad'), description: value } } }),
        'input.serializedFlow.description',
      ],
      [
        'flow group default parameters',
        DEFAULTS,
        () => ({ input: { flowGroupId, parameters: { y: value } } }),
        'input.parameters.y',
      ],
    ];

    async function expectNothingWritten() {
      const result = await gql(
        t.server,
        t.token,
        `query($runId: ID!, $flowGroupId: ID!) {
          projects { name }
          flows(allVersions: true) { totalCount }
          flowRuns { totalCount }
          flowRun(id: $runId) { version state taskRuns { version state } }
          logs(filter: { flowRunId: $runId }) { totalCount }
          flowGroup(id: $flowGroupId) { defaultParameters }
        }`,
        { runId, flowGroupId },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.projects).toEqual([{ name: 'Sane' }]);
      expect(result.data.flows.totalCount).toBe(1);
      expect(result.data.flowRuns.totalCount).toBe(1);
      expect(result.data.flowRun.version).toBe(1);
      expect(result.data.flowRun.taskRuns.every((r: { version: number }) => r.version === 1)).toBe(true);
      expect(result.data.logs.totalCount).toBe(0);
      expect(result.data.flowGroup.defaultParameters).toEqual({});
    }

    it.each(cases(NUL))(
      'refuses a NUL character in %s, naming the path',
      async (_name, query, variables, path) => {
        expectRefused(
          await gql(t.server, t.token, query, variables()),
          `Invalid input at ${path}: ${NUL_MESSAGE}`,
        );
        await expectNothingWritten();
      },
    );

    const jsonCases = cases(DEEP).filter(
      ([name]) => !/^createProject|^createFlowRun (name|labels)|^writeRunLogs message/.test(name),
    );

    it.each(jsonCases)(
      'refuses JSON nested 5,000 levels in %s, naming the path',
      async (_name, query, variables, path) => {
        const result = await gqlDeep(t, query, variables());
        expectRefused(result, `Invalid input at ${path}`);
        expectRefused(result, DEPTH_MESSAGE);
        expect(result.errors?.[0]?.extensions?.limit).toBe('jsonDepth');
        await expectNothingWritten();
      },
    );

    it('refuses a NUL in a literal string and in an object key', async () => {
      expectRefused(
        await gql(t.server, t.token, 'mutation { createProject(input: { name: "a\\u0000b" }) { id } }'),
        `Invalid input at input.name: ${NUL_MESSAGE}`,
      );
      expectRefused(
        await gql(t.server, t.token, CREATE_FLOW_RUN, { input: { flowId, parameters: { x: { [NUL]: 1 } } } }),
        `Invalid input at input.parameters.x["a\\u0000b"]: ${NUL_MESSAGE}`,
      );
      await expectNothingWritten();
    });

    it('refuses a query text nested 5,000 levels, in objects and in lists, and stays up', async () => {
      for (const literal of [
        `${'{a: '.repeat(5000)}1${'}'.repeat(5000)}`,
        `${'['.repeat(5000)}1${']'.repeat(5000)}`,
      ]) {
        const result = await gql(
          t.server,
          t.token,
          `mutation { createFlowRun(input: { flowId: "${flowId}", parameters: { x: ${literal} } }) { id } }`,
        );
        expectRefused(result, /nests brackets more than 120 levels deep \(line 1, column \d+\)/);
        expect(result.errors?.[0]?.extensions?.limit).toBe('jsonDepth');
      }
      await expectNothingWritten();
    });

    it('refuses a literal just past the depth limit with its path, and accepts one at the limit', async () => {
      const literal = (levels: number) => `${'{a: '.repeat(levels)}1${'}'.repeat(levels)}`;
      // input (1) > parameters (2) > x (3…): 98 objects under x reach level 100.
      const query = (levels: number) =>
        `mutation { createFlowRun(input: { flowId: "${flowId}", parameters: { x: ${literal(levels)} } }) { id flowRun { parameters } } }`;
      expectRefused(
        await gql(t.server, t.token, query(99)),
        /^Invalid input at input\.parameters\.x\.a.*nested deeper than 100 levels/,
      );
      await expectNothingWritten();
      const accepted = await gql(t.server, t.token, query(98));
      expect(accepted.errors).toBeUndefined();
      expect(accepted.data.createFlowRun.flowRun.parameters).toEqual({ x: nested(98), y: 3 });
      await gql(
        t.server,
        t.token,
        'mutation($id: ID!) { deleteFlowRun(input: { flowRunId: $id }) { success } }',
        {
          id: accepted.data.createFlowRun.id,
        },
      );
    });

    it('registers a flow whose parameter default nests 90 levels, and runs it with that default', async () => {
      const flow = headwaterFlow('deep-default');
      flow.parameters[1] = { ...flow.parameters[1]!, default: nested(90) as number };
      const created = await gql(t.server, t.token, CREATE_FLOW, {
        input: { projectId, serializedFlow: flow },
      });
      expect(created.errors).toBeUndefined();
      const run = await createFlowRun(t, { flowId: created.data.createFlow.id, parameters: { x: 1 } });
      expect(run.flowRun.parameters).toEqual({ x: 1, y: nested(90) });
      await gql(
        t.server,
        t.token,
        'mutation($id: ID!) { deleteFlowRun(input: { flowRunId: $id }) { success } }',
        {
          id: run.id,
        },
      );
      await gql(t.server, t.token, 'mutation($id: ID!) { deleteFlow(input: { flowId: $id }) { success } }', {
        id: created.data.createFlow.id,
      });
    });

    it('checks the decompressed flow of createFlowFromCompressedString', async () => {
      const query =
        'mutation($input: createFlowFromCompressedStringInput!) { createFlowFromCompressedString(input: $input) { id } }';
      const compress = (text: string) => gzipSync(Buffer.from(text)).toString('base64');
      const withNul = JSON.stringify({ ...headwaterFlow('zipped'), description: NUL });
      expectRefused(
        await gql(t.server, t.token, query, { input: { projectId, serializedFlow: compress(withNul) } }),
        `Invalid input at input.serializedFlow.description: ${NUL_MESSAGE}`,
      );
      const deep = JSON.stringify({ ...headwaterFlow('zipped'), extra: DEEP }).replace(
        JSON.stringify(DEEP),
        deepJsonText(5000),
      );
      expectRefused(
        await gql(t.server, t.token, query, { input: { projectId, serializedFlow: compress(deep) } }),
        /^Invalid input at input\.serializedFlow\.extra\.a.*nested deeper than 100 levels/,
      );
      await expectNothingWritten();
    });

    it('refuses a NUL in query filters and in a forged cursor', async () => {
      expectRefused(
        await gql(
          t.server,
          t.token,
          'query($name: String) { flowRuns(filter: { name: $name }) { totalCount } }',
          { name: NUL },
        ),
        `Invalid input at filter.name: ${NUL_MESSAGE}`,
      );
      expectRefused(
        await gql(
          t.server,
          t.token,
          'query($s: String) { logs(filter: { flowRunId: "' + runId + '", search: $s }) { totalCount } }',
          { s: NUL },
        ),
        `Invalid input at filter.search: ${NUL_MESSAGE}`,
      );
      const cursor = Buffer.from(JSON.stringify([NUL, NUL])).toString('base64url');
      expectRefused(
        await gql(t.server, t.token, 'query($after: String) { flows(after: $after) { totalCount } }', {
          after: cursor,
        }),
        'Invalid `after` cursor',
      );
    });
  });
});

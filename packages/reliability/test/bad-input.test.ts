import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type ServerUnderTest, startServerUnderTest } from './support/server-under-test.js';

/** What the API answered to one raw GraphQL request. */
interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: { code?: string; limit?: string } }[];
}

/** JSON text of `{"a":{"a":…1}}`, `levels` objects deep (JSON.stringify would overflow on it). */
const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
/** The same as a GraphQL literal. */
const deepLiteral = (levels: number) => `${'{a: '.repeat(levels)}1${'}'.repeat(levels)}`;
/** A string value that {@link post} replaces with 5,000 levels of JSON. */
const DEEP = '@@deep@@';

/** POSTs a GraphQL request as raw HTTP, with every {@link DEEP} string in `variables` made 5,000 levels deep. */
async function post(
  server: ServerUnderTest,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  const body = JSON.stringify({ query, variables }).replaceAll(JSON.stringify(DEEP), deepJson(5000));
  const response = await fetch(`${server.api}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
    body,
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

const NUL = 'a\u0000b';

describe.each(databases)('input the API must refuse, on %s', (database) => {
  let server: ServerUnderTest;
  let projectId: string;
  let flowId: string;
  let runId: string;

  beforeAll(async () => {
    server = await startServerUnderTest({ database });
    projectId = (await server.admin.createProject({ projectName: 'Kept' })).id;
    const flow = await post(
      server,
      'mutation($input: createFlowInput!) { createFlow(input: $input) { id } }',
      {
        input: {
          projectId,
          serializedFlow: {
            name: 'kept',
            type: 'headwater.Flow',
            parameters: [{ name: 'p', slug: 'p', required: false, default: null, __version__: '0.1.0' }],
            tasks: [{ slug: 'p', name: 'p', type: 'headwater.Parameter', __version__: '0.1.0' }],
            edges: [],
            __version__: '0.1.0',
          },
        },
      },
    );
    flowId = flow.data.createFlow.id;
    const run = await post(server, 'mutation($id: ID!) { createFlowRun(input: { flowId: $id }) { id } }', {
      id: flowId,
    });
    runId = run.data.createFlowRun.id;
  }, 120_000);
  afterAll(() => server?.close());

  const CREATE_PROJECT = 'mutation($name: String!) { createProject(input: { name: $name }) { id } }';
  const CREATE_RUN = 'mutation($input: createFlowRunInput!) { createFlowRun(input: $input) { id } }';
  const LOGS = 'mutation($input: writeRunLogsInput!) { writeRunLogs(input: $input) { success } }';
  const STATES =
    'mutation($input: setFlowRunStatesInput!) { setFlowRunStates(input: $input) { states { id } } }';
  const CREATE_FLOW = 'mutation($input: createFlowInput!) { createFlow(input: $input) { id } }';

  /** [what, query, variables, path named in the refusal, expected problem]. */
  const requests = (): [string, string, Record<string, unknown>, string, string][] => {
    const nul = 'text contains a NUL character (U+0000)';
    const deep = 'nested deeper than 100 levels';
    return [
      ['a NUL in a project name', CREATE_PROJECT, { name: NUL }, 'input.name', nul],
      [
        'a NUL in run parameters',
        CREATE_RUN,
        { input: { flowId, parameters: { p: NUL } } },
        'input.parameters.p',
        nul,
      ],
      [
        'deep run parameters',
        CREATE_RUN,
        { input: { flowId, parameters: { p: DEEP } } },
        'input.parameters.p.a',
        deep,
      ],
      [
        'a NUL in a run context',
        CREATE_RUN,
        { input: { flowId, context: { [NUL]: 1 } } },
        'input.context["a\\u0000b"]',
        nul,
      ],
      [
        'a deep run context',
        CREATE_RUN,
        { input: { flowId, context: { c: DEEP } } },
        'input.context.c.a',
        deep,
      ],
      [
        'a NUL in a log message',
        LOGS,
        { input: { logs: [{ flowRunId: runId, message: NUL }] } },
        'input.logs[0].message',
        nul,
      ],
      [
        'deep log info',
        LOGS,
        { input: { logs: [{ flowRunId: runId, message: 'm', info: DEEP }] } },
        'input.logs[0].info.a',
        deep,
      ],
      [
        'a NUL in a state message',
        STATES,
        { input: { states: [{ flowRunId: runId, version: 1, state: { type: 'Running', message: NUL } }] } },
        'input.states[0].state.message',
        nul,
      ],
      [
        'a deep flow document',
        CREATE_FLOW,
        {
          input: {
            projectId,
            serializedFlow: {
              name: 'deep',
              type: 'headwater.Flow',
              edges: [],
              __version__: '0.1.0',
              extra: DEEP,
            },
          },
        },
        'input.serializedFlow.extra.a',
        deep,
      ],
      [
        'a NUL in a flow name',
        CREATE_FLOW,
        {
          input: {
            projectId,
            serializedFlow: { name: NUL, type: 'headwater.Flow', edges: [], __version__: '0.1.0' },
          },
        },
        'input.serializedFlow.name',
        nul,
      ],
      [
        'a NUL in a literal',
        'mutation { createProject(input: { name: "a\\u0000b" }) { id } }',
        {},
        'input.name',
        nul,
      ],
      [
        'a deep literal',
        `mutation { createFlowRun(input: { flowId: "@flow", parameters: { p: ${deepLiteral(99)} } }) { id } }`,
        {},
        'input.parameters.p.a',
        deep,
      ],
    ];
  };

  it('refuses NUL characters and 5,000-deep JSON with BAD_USER_INPUT naming the path, and keeps answering', async () => {
    for (const [what, query, variables, path, problem] of requests()) {
      const answer = await post(server, query.replace('@flow', flowId), variables);
      const error = answer.errors?.[0];
      expect(error?.extensions?.code, `${what}: ${JSON.stringify(answer)}`).toBe('BAD_USER_INPUT');
      expect(error?.message, what).toContain(`Invalid input at ${path}`);
      expect(error?.message, what).toContain(problem);
      expect((await post(server, '{ hello }')).data, `the server after ${what}`).toEqual({ hello: '👋' });
    }
  }, 60_000);

  it('refuses a query text nested 5,000 levels deep as BAD_USER_INPUT, not INTERNAL', async () => {
    for (const literal of [deepLiteral(5000), `${'['.repeat(5000)}1${']'.repeat(5000)}`]) {
      const answer = await post(
        server,
        `mutation { createFlowRun(input: { flowId: "${flowId}", parameters: { p: ${literal} } }) { id } }`,
      );
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'jsonDepth' });
    }
    expect((await post(server, '{ hello }')).data).toEqual({ hello: '👋' });
  });

  it('wrote nothing for any refused request', async () => {
    const answer = await post(
      server,
      `query($runId: ID!) {
        projects { name }
        flows(allVersions: true) { totalCount }
        flowRuns { totalCount }
        flowRun(id: $runId) { version state }
        logs(filter: { flowRunId: $runId }) { totalCount }
      }`,
      { runId },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      projects: [{ name: 'Kept' }],
      flows: { totalCount: 1 },
      flowRuns: { totalCount: 1 },
      flowRun: { version: 1, state: 'Scheduled' },
      logs: { totalCount: 0 },
    });
  });
});

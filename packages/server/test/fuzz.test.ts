import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tables } from '../src/database/tables.js';
import { connectDatabase } from '../src/index.js';
import {
  backends,
  createFlow,
  createFlowRun,
  createProject,
  gqlData,
  headwaterFlow,
  startTestServer,
  type TestServer,
} from './helpers.js';

const TABLES = [
  'tenant',
  'api_token',
  'project',
  'flow_group',
  'flow',
  'task',
  'edge',
  'flow_run',
  'flow_run_state',
  'task_run',
  'task_run_state',
  'log',
  'agent',
];
const CLIENT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'VERSION_LOCKING_ERROR',
  'CONFLICT',
]);
const REQUESTS = 2000;

/** Mutations that change data when given valid input; the fuzzer only ever gives them invalid input. */
const MUTATIONS = [
  `mutation($input: createProjectInput!) { createProject(input: $input) { id } }`,
  `mutation($input: createFlowInput!) { createFlow(input: $input) { id } }`,
  `mutation($input: createFlowRunInput!) { createFlowRun(input: $input) { id } }`,
  `mutation($input: setFlowRunStatesInput!) { setFlowRunStates(input: $input) { states { id } } }`,
  `mutation($input: setTaskRunStatesInput!) { setTaskRunStates(input: $input) { states { id } } }`,
  `mutation($input: writeRunLogsInput!) { writeRunLogs(input: $input) { success } }`,
  `mutation($input: registerAgentInput!) { registerAgent(input: $input) { id } }`,
  `mutation($input: createApiTokenInput!) { createApiToken(input: $input) { token } }`,
  `mutation($input: deleteProjectInput!) { deleteProject(input: $input) { success } }`,
  `mutation($input: cancelFlowRunInput!) { cancelFlowRun(input: $input) { state } }`,
];

const junk = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 50 }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
  fc.string({ minLength: 20_000, maxLength: 40_000 }),
);

/** Inputs that can never be valid: wrong types, unknown ids, missing fields, absurd sizes. */
const invalidInput = fc.oneof(
  fc.record({
    name: fc.oneof(
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string()),
      fc.string({ minLength: 256, maxLength: 2000 }),
    ),
  }),
  fc.record({
    flowId: fc.oneof(fc.string({ maxLength: 30 }), fc.integer()),
    parameters: fc.anything({ maxDepth: 3 }),
  }),
  fc.record({ flowId: fc.uuid(), parameters: fc.dictionary(fc.string(), fc.anything({ maxDepth: 2 })) }),
  fc.record({
    states: fc.array(
      fc.record({ flowRunId: fc.uuid(), version: fc.integer(), state: fc.anything({ maxDepth: 3 }) }),
      { maxLength: 5 },
    ),
  }),
  fc.record({
    states: fc.array(fc.record({ taskRunId: fc.string(), version: junk, state: junk }), { maxLength: 5 }),
  }),
  fc.record({
    logs: fc.array(fc.record({ flowRunId: fc.uuid(), message: junk, level: fc.string() }), {
      minLength: 1,
      maxLength: 5,
    }),
  }),
  fc.record({ type: junk, labels: fc.array(junk) }),
  fc.record({ scope: fc.string(), name: junk }),
  fc.record({ projectId: fc.oneof(fc.uuid(), fc.string()) }),
  fc.record({ flowRunId: fc.oneof(fc.uuid(), fc.string()) }),
  fc.anything({ maxDepth: 3 }),
);

type FuzzRequest = { body: string; contentType: string; auth: string | null };

function fuzzRequests(token: string) {
  const auth = fc.oneof(
    { weight: 6, arbitrary: fc.constant(`Bearer ${token}`) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map((s) => `Bearer ${s}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 2000 }) },
  );
  const body = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.constantFrom(...MUTATIONS), invalidInput)
        .map(([query, input]) => JSON.stringify({ query, variables: { input } })),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 500 }) },
    {
      weight: 1,
      arbitrary: fc.anything({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'undefined'),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((query) => JSON.stringify({ query })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...MUTATIONS), fc.nat({ max: 200 }), fc.string({ maxLength: 5 }))
        .map(([query, cut, noise]) => JSON.stringify({ query: query.slice(0, cut) + noise })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constant(`{ ${'flowRuns { nodes { flow { '.repeat(30)} } }`)
        .map((query) => JSON.stringify({ query })),
    },
  );
  const contentType = fc.constantFrom(
    'application/json',
    'application/json',
    'text/plain',
    'application/graphql',
    'multipart/form-data',
  );
  return fc.record({ body, contentType, auth }) as fc.Arbitrary<FuzzRequest>;
}

describe.each(backends)('fuzzing on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(backend);
      const projectId = await createProject(t, 'Fuzz');
      const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow('fuzz') });
      await createFlowRun(t, { flowId: flow.id, parameters: { x: 1 } });
    });
    afterAll(async () => {
      await t?.close();
    });

    async function snapshot(): Promise<Record<string, unknown[]>> {
      const { db } = connectDatabase<Tables>(t.url);
      try {
        const result: Record<string, unknown[]> = {};
        for (const table of TABLES) {
          // last_used moves with every authenticated request; everything else must not.
          const rows = await sql<
            Record<string, unknown>
          >`select * from ${sql.table(table)} order by id`.execute(db);
          result[table] = rows.rows.map(({ last_used: _lastUsed, ...row }) => row);
        }
        return result;
      } finally {
        await db.destroy();
      }
    }

    it(`answers ${REQUESTS} malformed requests with client errors and changes no data`, async () => {
      const before = await snapshot();
      const samples = fc.sample(fuzzRequests(t.token), { numRuns: REQUESTS, seed: 20_19_10_01 });
      const failures: string[] = [];
      for (let i = 0; i < samples.length; i += 20) {
        await Promise.all(
          samples.slice(i, i + 20).map(async (request) => {
            let response: Response;
            try {
              response = await fetch(t.server.graphqlUrl, {
                method: 'POST',
                headers: {
                  'content-type': request.contentType,
                  ...(request.auth !== null ? { authorization: request.auth } : {}),
                },
                body: request.body,
              });
            } catch (error) {
              failures.push(
                `${(error as Error).cause ?? error} for ${request.contentType} ${JSON.stringify(request.auth)?.slice(0, 80)} ${request.body.slice(0, 200)}`,
              );
              return;
            }
            const text = await response.text();
            if (response.status >= 500) {
              failures.push(`${response.status} for ${request.body.slice(0, 200)}: ${text.slice(0, 200)}`);
              return;
            }
            let parsed: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
            try {
              parsed = JSON.parse(text);
            } catch {
              failures.push(
                `${response.status} non-JSON answer for ${request.contentType} ${request.body.slice(0, 100)}: ${text.slice(0, 100)}`,
              );
              return;
            }
            // A few generated inputs are harmless no-ops (an empty batch); the snapshot proves nothing changed.
            for (const error of parsed.errors ?? []) {
              if (!CLIENT_CODES.has(error.extensions?.code ?? ''))
                failures.push(`code ${error.extensions?.code} for ${request.body.slice(0, 200)}`);
            }
          }),
        );
      }
      expect(failures).toEqual([]);
      const hello = await gqlData(t.server, null, `{ hello }`);
      expect(hello.hello).toBe('👋');
      expect(await snapshot()).toEqual(before);
    });
  });
});

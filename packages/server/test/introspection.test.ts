import { buildClientSchema, getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, errorCode, gql, gqlData, startTestServer, type TestServer } from './helpers.js';

const ANONYMOUS_PROBES = [
  '{ __schema { queryType { name } } }',
  '{ __type(name: "Query") { fields { name } } }',
  '{ hello ...f } fragment f on Query { __schema { types { name } } }',
  'query { a: hello b: __type(name: "FlowRun") { name } }',
];

describe('introspection', () => {
  let t: TestServer;
  let runner: string;
  beforeAll(async () => {
    t = await startTestServer(backends[0]!);
    const created = await gqlData(
      t.server,
      t.token,
      'mutation { createApiToken(input: { name: "runner", scope: RUNNER }) { token } }',
    );
    runner = created.createApiToken.token;
  });
  afterAll(() => t?.close());

  it('is refused to a caller without a token, wherever the query asks for it', async () => {
    for (const query of ANONYMOUS_PROBES) {
      const result = await gql(t.server, null, query);
      expect({ query, code: errorCode(result), data: result.data ?? null }).toEqual({
        query,
        code: 'UNAUTHENTICATED',
        data: null,
      });
    }
  });

  it('is refused with the reason when the token is not valid', async () => {
    const result = await gql(t.server, 'hw_not_a_real_token', '{ __schema { queryType { name } } }');
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0]?.message).not.toMatch(/Introspection needs/);
  });

  it('leaves hello and __typename open to everyone', async () => {
    expect(await gqlData(t.server, null, '{ hello __typename }')).toEqual({
      hello: expect.any(String),
      __typename: 'Query',
    });
  });

  it('answers the full introspection query to any valid token, USER or RUNNER', async () => {
    for (const token of [t.token, runner]) {
      const data = await gqlData(t.server, token, getIntrospectionQuery());
      const schema = buildClientSchema(data);
      expect(Object.keys(schema.getQueryType()!.getFields())).toContain('flowRuns');
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, errorCode, gql, gqlData, startTestServer, type TestServer } from './helpers.js';

interface Connection {
  nodes: { name: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const AGENTS = `query($after: String) {
  agentsConnection(first: 2, after: $after) { nodes { id name created } pageInfo { endCursor hasNextPage } totalCount }
}`;
const TOKENS = `query($after: String, $revoked: Boolean) {
  apiTokensConnection(first: 2, after: $after, includeRevoked: $revoked) {
    nodes { id name revoked } pageInfo { endCursor hasNextPage } totalCount
  }
}`;

/** Follows `endCursor` from the first page to the last, returning every page's node names. */
async function allPages(
  t: TestServer,
  query: string,
  field: string,
  variables: Record<string, unknown> = {},
) {
  const pages: string[][] = [];
  let after: string | null = null;
  do {
    const data = await gqlData<Record<string, Connection>>(t.server, t.token, query, { ...variables, after });
    const page: Connection = data[field]!;
    pages.push(page.nodes.map((node) => node.name));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return pages;
}

describe.each(backends)('agent and API token pages on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(backend);
      for (const name of ['agent-a', 'agent-b', 'agent-c', 'agent-d', 'agent-e']) {
        await gqlData(
          t.server,
          t.token,
          `mutation($input: registerAgentInput!) { registerAgent(input: $input) { id } }`,
          {
            input: { name, type: 'ProcessAgent' },
          },
        );
      }
      const ids: string[] = [];
      for (const name of ['token-1', 'token-2', 'token-3', 'token-4']) {
        const created = await gqlData(
          t.server,
          t.token,
          `mutation($name: String!) { createApiToken(input: { name: $name, scope: RUNNER }) { id } }`,
          { name },
        );
        ids.push(created.createApiToken.id);
      }
      await gqlData(
        t.server,
        t.token,
        `mutation($id: ID!) { revokeApiToken(input: { tokenId: $id }) { success } }`,
        {
          id: ids[1],
        },
      );
    });
    afterAll(() => t?.close());

    it('pages agents newest first, each once, with the total', async () => {
      const first = await gqlData(t.server, t.token, AGENTS);
      expect(first.agentsConnection.totalCount).toBe(5);
      expect(first.agentsConnection.pageInfo.hasNextPage).toBe(true);
      const pages = await allPages(t, AGENTS, 'agentsConnection');
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      expect(pages.flat()).toEqual(['agent-e', 'agent-d', 'agent-c', 'agent-b', 'agent-a']);
    });

    it('pages tokens oldest first, leaving out revoked ones unless asked', async () => {
      const active = await allPages(t, TOKENS, 'apiTokensConnection');
      // The server's own sign-in token comes first.
      expect(active.flat().slice(1)).toEqual(['token-1', 'token-3', 'token-4']);
      const all = await allPages(t, TOKENS, 'apiTokensConnection', { revoked: true });
      expect(all.flat().slice(1)).toEqual(['token-1', 'token-2', 'token-3', 'token-4']);
      const counted = await gqlData(t.server, t.token, TOKENS, { revoked: true });
      expect(counted.apiTokensConnection.totalCount).toBe(all.flat().length);
    });

    it('refuses a forged cursor and a RUNNER token', async () => {
      expect(errorCode(await gql(t.server, t.token, AGENTS, { after: 'bm90LWEtY3Vyc29y' }))).toBe(
        'BAD_USER_INPUT',
      );
      const runner = await gqlData(
        t.server,
        t.token,
        `mutation { createApiToken(input: { name: "runner", scope: RUNNER }) { token } }`,
      );
      const token = runner.createApiToken.token as string;
      expect(errorCode(await gql(t.server, token, AGENTS))).toBe('FORBIDDEN');
      expect(errorCode(await gql(t.server, token, TOKENS))).toBe('FORBIDDEN');
    });
  });
});

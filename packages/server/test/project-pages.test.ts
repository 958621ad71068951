import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  createProject,
  errorCode,
  type GraphQLResponse,
  gql,
  gqlData,
  startTestServer,
  type TestServer,
} from './helpers.js';

const PROJECTS = `query($search: String, $first: Int, $after: String) {
  projectsConnection(search: $search, first: $first, after: $after) {
    nodes { id name flowCount } pageInfo { endCursor hasNextPage } totalCount
  }
}`;

interface ProjectPage {
  nodes: { id: string; name: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** 120 projects: `alpha-000`, `beta-001`, `gamma-002`, … (lower case, so every collation sorts them alike). */
const SEEDED = Array.from(
  { length: 120 },
  (_, i) => `${['alpha', 'beta', 'gamma'][i % 3]}-${String(i).padStart(3, '0')}`,
);

/** Follows `endCursor` from the first page to the last; every page as the server gave it. */
async function allPages(t: TestServer, variables: Record<string, unknown>): Promise<ProjectPage[]> {
  const pages: ProjectPage[] = [];
  let after: string | null = null;
  do {
    const data = await gqlData<{ projectsConnection: ProjectPage }>(t.server, t.token, PROJECTS, {
      ...variables,
      after,
    });
    const page: ProjectPage = data.projectsConnection;
    pages.push(page);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return pages;
}

const names = (pages: ProjectPage[]) => pages.flatMap((page) => page.nodes.map((node) => node.name));
const firstError = (result: GraphQLResponse) => ({
  code: errorCode(result),
  message: result.errors?.[0]?.message,
});

describe.each(backends)('projectsConnection on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(backend);
      // Created out of name order, so the order comes from the query, not from insertion.
      for (const name of [...SEEDED].reverse()) await createProject(t, name);
    });
    afterAll(() => t?.close());

    it('pages every project exactly once in name order, with the total on each page', async () => {
      const pages = await allPages(t, { first: 50 });
      expect(pages.map((page) => page.nodes.length)).toEqual([50, 50, 20]);
      expect(pages.map((page) => page.totalCount)).toEqual([120, 120, 120]);
      expect(names(pages)).toEqual([...SEEDED].sort());
      expect(new Set(pages.flatMap((page) => page.nodes.map((node) => node.id))).size).toBe(120);
      expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
    });

    it('pages 50 at a time by default, and lists them as `projects` does', async () => {
      const data = await gqlData(
        t.server,
        t.token,
        '{ projectsConnection { nodes { name } } projects { name } }',
      );
      expect(data.projectsConnection.nodes).toHaveLength(50);
      expect(data.projectsConnection.nodes).toEqual(data.projects.slice(0, 50));
    });

    it('searches names ignoring case, paging and counting only the matches', async () => {
      const pages = await allPages(t, { search: ' BeTa ', first: 15 });
      const beta = [...SEEDED].sort().filter((name) => name.startsWith('beta-'));
      expect(pages.map((page) => page.nodes.length)).toEqual([15, 15, 10]);
      expect(pages[0]!.totalCount).toBe(40);
      expect(names(pages)).toEqual(beta);

      await createProject(t, 'Quarterly REPORTS');
      await createProject(t, 'reports-archive');
      expect(names(await allPages(t, { search: 'Reports' }))).toEqual([
        'Quarterly REPORTS',
        'reports-archive',
      ]);
      // `%` and `_` are taken literally, not as wildcards.
      expect(names(await allPages(t, { search: 'a_p' }))).toEqual([]);
      expect(names(await allPages(t, { search: '%' }))).toEqual([]);
      // An empty search lists every project.
      expect((await allPages(t, { search: '', first: 500 }))[0]!.totalCount).toBe(122);
    });

    it('refuses a forged cursor and a page size out of range, saying why', async () => {
      expect(firstError(await gql(t.server, t.token, PROJECTS, { after: 'bm90LWEtY3Vyc29y' }))).toEqual({
        code: 'BAD_USER_INPUT',
        message: 'Invalid `after` cursor: pass a `pageInfo.endCursor` from the previous page.',
      });
      for (const first of [0, -1, 501]) {
        const error = firstError(await gql(t.server, t.token, PROJECTS, { first }));
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.message).toBe(
          `Page size ${first} is out of range: \`first\` must be between 1 and 500. Page with \`after\`.`,
        );
      }
    });

    it('is for USER tokens only', async () => {
      const runner = await gqlData(
        t.server,
        t.token,
        `mutation { createApiToken(input: { name: "runner", scope: RUNNER }) { token } }`,
      );
      expect(errorCode(await gql(t.server, runner.createApiToken.token, PROJECTS))).toBe('FORBIDDEN');
    });
  });
});

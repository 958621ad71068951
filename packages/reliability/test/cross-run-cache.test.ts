import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedSquare, cachedSquareToo } from './fixtures/limited-and-cached.js';
import {
  databases,
  deployLocalFlows,
  runnerToken,
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { finalState, readMarks } from './support/waiting.js';

interface CacheTaskRun {
  id: string;
  taskSlug: string;
  state: string;
  cacheKey: string | null;
  cachedFromTaskRunId: string | null;
  cachedFromFlowRunId: string | null;
}

const TASK_RUNS = `query cacheTaskRuns($flowRunId: ID!) { taskRuns(filter: { flowRunId: $flowRunId }) {
  nodes { id taskSlug state cacheKey cachedFromTaskRunId cachedFromFlowRunId } } }`;

async function computeRun(server: ServerUnderTest, flowRunId: string): Promise<CacheTaskRun> {
  const data = await server.admin.graphql<{ taskRuns: { nodes: CacheTaskRun[] } }>(TASK_RUNS, { flowRunId });
  return data.taskRuns.nodes.find((run) => run.taskSlug.startsWith('compute'))!;
}

describe.each(databases)('cross-run caching with process agents, on %s', (database) => {
  let server: ServerUnderTest;
  let flows: Map<string, string>;
  beforeAll(async () => {
    server = await startServerUnderTest({ database });
    flows = await deployLocalFlows(server, [cachedSquare, cachedSquareToo]);
  }, 120_000);
  afterAll(() => server?.close());

  it('computes a cached task once across two runs of two flows on two agents; other inputs compute again', async () => {
    const token = await runnerToken(server);
    const marks = join(server.scratch, 'cache.log');
    const first = startProcessAgent(server, token, { name: 'cache-agent-1' });
    let firstRun: string;
    try {
      ({ id: firstRun } = await server.admin.createFlowRun({
        flowId: flows.get('cached-square')!,
        parameters: { marks, n: 3 },
      }));
      expect(await finalState(server.admin, firstRun, 90_000)).toBe('Success');
    } finally {
      await first.stop();
    }
    const second = startProcessAgent(server, token, { name: 'cache-agent-2' });
    try {
      // Another flow, sharing the cache key: its run reuses the first run's result.
      const { id: reused } = await server.admin.createFlowRun({
        flowId: flows.get('cached-square-too')!,
        parameters: { marks, n: 3 },
      });
      expect(await finalState(server.admin, reused, 90_000)).toBe('Success');
      // Other inputs: the cache validator (all inputs) refuses the cached result.
      const { id: other } = await server.admin.createFlowRun({
        flowId: flows.get('cached-square')!,
        parameters: { marks, n: 4 },
      });
      expect(await finalState(server.admin, other, 90_000)).toBe('Success');

      expect(first.output()).toContain(firstRun);
      expect(second.output()).toContain(reused);
      const byRun = (id: string) =>
        readMarks(marks)
          .filter((m) => m.flowRunId === id)
          .map((m) => m.what);
      expect(byRun(firstRun)).toEqual(['compute-3', 'report-9']);
      expect(byRun(reused)).toEqual(['report-9']);
      expect(byRun(other)).toEqual(['compute-4', 'report-16']);

      const source = await computeRun(server, firstRun);
      expect(source).toMatchObject({
        state: 'Cached',
        cacheKey: 'reliability-square',
        cachedFromTaskRunId: null,
      });
      expect(await computeRun(server, reused)).toMatchObject({
        state: 'Cached',
        cacheKey: 'reliability-square',
        cachedFromTaskRunId: source.id,
        cachedFromFlowRunId: firstRun,
      });
      expect((await computeRun(server, other)).cachedFromTaskRunId).toBeNull();
    } finally {
      await second.stop();
    }
  }, 240_000);
});

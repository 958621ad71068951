import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@headwater/client';
import { cacheValidators, Flow, Parameter, Scheduled, Submitted, task } from '@headwater/core';
import { startServer } from '@headwater/server';
import { requireTestEnv, startTestServer, type TestServer } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeFlowRun } from '../src/runner/execute-flow-run.js';

const postgres = requireTestEnv(['databaseUrl']);
const databases = postgres.available ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

/** `n` of every real computation, in order. */
const computed: number[] = [];

function squareFlow(name: string): Flow {
  const flow = new Flow(name, { module: import.meta.url });
  const n = flow.addTask(new Parameter<number>('n'));
  flow.add(
    task(
      ({ n }: { n: number }) => {
        computed.push(n);
        return { square: n * n, at: new Date(0) };
      },
      {
        name: 'square',
        cacheFor: 60_000,
        cacheKey: 'runtime-square',
        cacheValidator: cacheValidators.allInputs,
      },
    ),
    { n },
  );
  return flow;
}

const flows = [squareFlow('cache-square'), squareFlow('cache-square-other')];

describe.each(databases)('cross-run caching through the API, on %s', (database) => {
  let server: TestServer;
  let admin: Client;
  let runnerToken: string;
  const ids = new Map<string, string>();
  const home = mkdtempSync(join(tmpdir(), 'headwater-cache-home-'));

  beforeAll(async () => {
    server = await startTestServer(
      startServer,
      database,
      postgres.available ? postgres.env.databaseUrl : undefined,
    );
    admin = new Client({ api: server.api, token: server.adminToken, env: {}, config: {} });
    runnerToken = (await admin.createApiToken({ name: 'runner', scope: 'RUNNER' })).token;
    const projectId = (await admin.createProject({ projectName: 'Cache' })).id;
    for (const flow of flows)
      ids.set(flow.name, (await admin.createFlow(flow.serialize() as never, { projectId })).id);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });

  async function run(flow: Flow, n: number): Promise<string> {
    const created = await admin.createFlowRun({ flowId: ids.get(flow.name)!, parameters: { n } });
    await admin.setFlowRunState(
      created.id,
      created.version,
      new Submitted({ message: 'claimed', state: new Scheduled() }),
    );
    const result = await executeFlowRun({
      env: {
        HEADWATER__HOME_DIR: home,
        HEADWATER__CLOUD__API: server.api,
        HEADWATER__CLOUD__AUTH_TOKEN: runnerToken,
        HEADWATER__CONTEXT__FLOW_RUN_ID: created.id,
      },
      loadFlow: async () => flow,
      write: () => {},
    });
    expect(result).toMatchObject({ outcome: 'finished', state: 'Success' });
    return created.id;
  }

  const squareRun = async (flowRunId: string) => {
    const data = await admin.graphql<{
      taskRuns: {
        nodes: {
          id: string;
          taskSlug: string;
          state: string;
          cacheKey: string | null;
          cachedFromFlowRunId: string | null;
        }[];
      };
    }>(
      'query($id: ID!) { taskRuns(filter: { flowRunId: $id }) { nodes { id taskSlug state cacheKey cachedFromFlowRunId } } }',
      { id: flowRunId },
    );
    return data.taskRuns.nodes.find((taskRun) => taskRun.taskSlug.startsWith('square'))!;
  };

  it('a second run of another flow sharing the key reuses the stored result; other inputs compute', async () => {
    computed.length = 0;
    const first = await run(flows[0]!, 3);
    const reused = await run(flows[1]!, 3);
    const other = await run(flows[0]!, 4);
    expect(computed).toEqual([3, 4]);
    expect(await squareRun(first)).toMatchObject({
      state: 'Cached',
      cacheKey: 'runtime-square',
      cachedFromFlowRunId: null,
    });
    expect(await squareRun(reused)).toMatchObject({ state: 'Cached', cachedFromFlowRunId: first });
    expect((await squareRun(other)).cachedFromFlowRunId).toBeNull();
    const cached = await admin.cachedTaskRunStates('runtime-square');
    expect(cached.map((state) => state.flowRunId)).toContain(other);
  });
});

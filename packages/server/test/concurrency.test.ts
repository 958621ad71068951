import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/index.js';
import {
  backends,
  createFlow,
  createFlowRun,
  createProject,
  gql,
  headwaterFlow,
  RUNS_IN_QUEUE,
  SET_FLOW_RUN_STATES,
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

const RUNS = 60;
const CLAIMERS = 6;

describe.each(backends)('concurrent claimers on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let replica: Awaited<ReturnType<typeof startServer>> | undefined;
    beforeAll(async () => {
      t = await startTestServer(backend);
      // On PostgreSQL a second server replica shares the database: claims must hold across replicas.
      if (backend.name === 'PostgreSQL') {
        replica = await startServer({
          port: 0,
          databaseUrl: t.url,
          homeDir: t.homeDir,
          services: false,
          print: () => {},
        });
      }
    });
    afterAll(async () => {
      await replica?.close();
      await t?.close();
    });

    it('claims every run exactly once', async () => {
      const projectId = await createProject(t, 'Claims');
      const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow('claims') });
      const runIds = new Set<string>();
      for (let i = 0; i < RUNS; i++)
        runIds.add((await createFlowRun(t, { flowId: flow.id, parameters: { x: i }, labels: ['claim'] })).id);

      const servers = replica ? [t.server, replica] : [t.server];
      const claims: { claimer: number; runId: string }[] = [];
      const claimer = async (index: number) => {
        const server = servers[index % servers.length]!;
        for (;;) {
          const queue = await gql(server, t.token, RUNS_IN_QUEUE, {
            input: { labels: ['claim'], limit: 10 },
          });
          const ids: string[] = queue.data.getRunsInQueue.flowRunIds;
          if (ids.length === 0) return;
          for (const id of ids) {
            const read = await gql(
              server,
              t.token,
              `query($id: ID!) { flowRun(id: $id) { version state } }`,
              { id },
            );
            if (read.data.flowRun.state !== 'Scheduled') continue;
            const claim = await gql(server, t.token, SET_FLOW_RUN_STATES, {
              input: {
                states: [{ flowRunId: id, version: read.data.flowRun.version, state: state('Submitted') }],
              },
            });
            if (claim.errors) {
              expect(claim.errors[0]?.extensions?.code).toBe('VERSION_LOCKING_ERROR');
            } else {
              claims.push({ claimer: index, runId: id });
            }
          }
        }
      };
      await Promise.all(Array.from({ length: CLAIMERS }, (_, i) => claimer(i)));

      expect(claims).toHaveLength(RUNS);
      expect(new Set(claims.map((c) => c.runId))).toEqual(runIds);
      const history = await gql(
        t.server,
        t.token,
        `query($f: ID!) { flowRuns(filter: { flowId: $f }, first: 500) { nodes { state version states { state } } } }`,
        { f: flow.id },
      );
      for (const run of history.data.flowRuns.nodes) {
        expect(run.state).toBe('Submitted');
        expect(run.states.filter((s: any) => s.state === 'Submitted')).toHaveLength(1);
      }
    });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@headwater/client';
import { VERSION } from '@headwater/core';
import { startServer } from '@headwater/server';
import { createScratchDatabase, requireTestEnv } from '@headwater/testing';
import { Logger, makeWorkerUtils, run as runGraphileWorker } from 'graphile-worker';
import { countingFlow } from './fixtures/counting-flow.js';
import { graphilePool } from './graphile-pool.js';
import { type Benchmark, benchSize } from './harness.js';

const setup = requireTestEnv(['databaseUrl']);

/** Runs claimed per measurement (`HEADWATER_BENCH_CLAIM_RUNS`; e.g. 100 for a quick run). */
const RUNS = benchSize('HEADWATER_BENCH_CLAIM_RUNS', 1000);
/** Claimers at once, as agents would be. */
const CLAIMERS = 5;
/** Runs per claim: an agent's free slots (`HEADWATER_BENCH_CLAIM_BATCH`). */
const BATCH = benchSize('HEADWATER_BENCH_CLAIM_BATCH', 10);

const silent = new Logger(() => () => {});

/** A server on `databaseUrl` (or a SQLite file) with `RUNS` due runs of a flow with Local storage. */
async function serverWithRuns(databaseUrl: string | undefined) {
  const home = mkdtempSync(join(tmpdir(), 'hw-claims-'));
  const server = await startServer({
    port: 0,
    homeDir: home,
    databaseUrl: databaseUrl ?? join(home, 'headwater.db'),
    services: false,
    print: () => {},
    logError: () => {},
  });
  const admin = new Client({ api: server.url, token: server.initialToken!.token, env: {}, config: {} });
  const { id: projectId } = await admin.createProject({ projectName: 'Claims' });
  const storage = {
    type: 'Local',
    directory: home,
    flows: { counting: 'counting.mjs' },
    __version__: VERSION,
  };
  const { id: flowId } = await admin.createFlow(
    { ...countingFlow.serialize(), storage },
    { projectId, setScheduleActive: false },
  );
  for (let i = 0; i < RUNS; i++) await admin.createFlowRun({ flowId, parameters: { log: '/dev/null' } });
  return {
    admin,
    async close() {
      await server.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** `CLAIMERS` registered agents claim `BATCH` runs at a time until the queue is empty; claims/s, every run checked to be handed out once. */
async function measureClaims(admin: Client) {
  const agentIds = await Promise.all(
    Array.from({ length: CLAIMERS }, (_, i) =>
      admin.registerAgent({ name: `claimer-${i}`, type: 'BenchAgent', storageTypes: ['Local'] }),
    ),
  );
  const handed: string[] = [];
  let requests = 0;
  const started = performance.now();
  await Promise.all(
    agentIds.map(async (agentId) => {
      for (;;) {
        const { claims } = await admin.claimFlowRuns({ agentId, limit: BATCH });
        requests++;
        if (claims.length === 0) return;
        for (const claim of claims) handed.push(claim.flowRun.id);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const distinct = new Set(handed).size;
  if (handed.length !== RUNS || distinct !== RUNS)
    throw new Error(`${handed.length} claims of ${distinct} distinct runs, expected ${RUNS} of ${RUNS}`);
  return { perSecond: RUNS / seconds, requests };
}

/**
 * graphile-worker: `CLAIMERS` workers (concurrency 1 each) take `RUNS` no-op jobs on their own
 * scratch database, each fetching `BATCH` jobs at a time (its local queue), as a claim takes
 * `BATCH` runs; jobs/s.
 */
async function graphileJobsPerSecond(): Promise<number> {
  if (!setup.available) throw new Error('the claims benchmark needs HEADWATER_TEST_DATABASE_URL');
  const scratch = await createScratchDatabase(setup.env.databaseUrl, 'headwater_graphile_claims');
  const pools = Array.from({ length: CLAIMERS + 1 }, () => graphilePool(scratch.url));
  const utils = await makeWorkerUtils({ pgPool: pools[0], logger: silent });
  try {
    await utils.migrate();
    await utils.addJobs(Array.from({ length: RUNS }, (_, i) => ({ identifier: 'noop', payload: { i } })));
    let done = 0;
    let finished!: () => void;
    const all = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const started = performance.now();
    const workers = await Promise.all(
      Array.from({ length: CLAIMERS }, (_, i) =>
        runGraphileWorker({
          pgPool: pools[i + 1],
          concurrency: 1,
          // Fetching one job at a time (size -1) unless claims take more than one run.
          preset: { worker: { localQueue: { size: BATCH > 1 ? BATCH : -1 } } },
          noHandleSignals: true,
          logger: silent,
          taskList: {
            noop: async () => {
              if (++done === RUNS) finished();
            },
          },
        }),
      ),
    );
    await all;
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(workers.map((worker) => worker.stop()));
    return RUNS / seconds;
  } finally {
    await utils.release();
    await Promise.all(pools.map((pool) => pool.end()));
    await scratch.drop();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'claims: 5 claimers, PostgreSQL',
    description: `claims/s of ${CLAIMERS} agents calling claimFlowRuns (${BATCH} runs a claim) until ${RUNS} due runs are handed out, each exactly once (PostgreSQL); baseline: graphile-worker 0.18.0 jobs/s, ${CLAIMERS} workers of concurrency 1, each fetching ${BATCH} jobs at a time (its local queue), over ${RUNS} no-op jobs on the same PostgreSQL.`,
    async run() {
      if (!setup.available) throw new Error('the claims benchmark needs HEADWATER_TEST_DATABASE_URL');
      const scratch = await createScratchDatabase(setup.env.databaseUrl, 'headwater_claims');
      const server = await serverWithRuns(scratch.url);
      try {
        const { perSecond, requests } = await measureClaims(server.admin);
        const baseline = await graphileJobsPerSecond();
        return {
          value: perSecond,
          unit: 'claims/s',
          baseline,
          target: 1,
          targetIsRatio: true,
          higherIsBetter: true,
          details: { runs: RUNS, claimers: CLAIMERS, 'runs per claim': BATCH, requests, 'double claims': 0 },
        };
      } finally {
        await server.close();
        await scratch.drop();
      }
    },
  },
  {
    name: 'claims: 5 claimers, SQLite',
    description: `claims/s of ${CLAIMERS} agents calling claimFlowRuns (${BATCH} runs a claim) until ${RUNS} due runs are handed out, each exactly once (SQLite).`,
    async run() {
      const server = await serverWithRuns(undefined);
      try {
        const { perSecond, requests } = await measureClaims(server.admin);
        return {
          value: perSecond,
          unit: 'claims/s',
          target: 1000,
          higherIsBetter: true,
          details: { runs: RUNS, claimers: CLAIMERS, 'runs per claim': BATCH, requests, 'double claims': 0 },
        };
      } finally {
        await server.close();
      }
    },
  },
];

import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, requireTestEnv } from '@headwater/testing';
import { Logger, makeWorkerUtils, run as runGraphileWorker } from 'graphile-worker';
import pg from 'pg';
import type { Benchmark, BenchmarkResult } from '../../../bench/harness.js';
import { median, percentile } from '../../../bench/harness.js';
import type { Tables } from '../src/database/tables.js';
import { connectDatabase, type RunningServer, startServer } from '../src/index.js';

const postgres = requireTestEnv(['databaseUrl']);

interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  create(): Promise<{ url: string; homeDir: string; drop(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    async create() {
      const homeDir = mkdtempSync(join(tmpdir(), 'hw-bench-'));
      return { url: join(homeDir, 'headwater.db'), homeDir, drop: async () => {} };
    },
  },
  ...(postgres.available
    ? [
        {
          name: 'PostgreSQL' as const,
          async create() {
            const scratch = await createScratchDatabase(postgres.env.databaseUrl, 'headwater_bench');
            return {
              url: scratch.url,
              homeDir: mkdtempSync(join(tmpdir(), 'hw-bench-')),
              drop: scratch.drop,
            };
          },
        },
      ]
    : []),
];

interface Harness {
  server: RunningServer;
  token: string;
  url: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

async function harness(backend: Backend): Promise<Harness> {
  const database = await backend.create();
  const server = await startServer({
    port: 0,
    databaseUrl: database.url,
    homeDir: database.homeDir,
    services: false,
    print: () => {},
  });
  const token = server.initialToken!.token;
  return {
    server,
    token,
    url: database.url,
    async gql(query, variables) {
      const response = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

const FLOW = {
  name: 'bench',
  type: 'headwater.Flow',
  schedule: null,
  parameters: [{ name: 'x', slug: 'x', required: false, default: 1, __version__: '0.1.0' }],
  tasks: [
    { slug: 'x', name: 'x', type: 'headwater.Parameter', __version__: '0.1.0' },
    { slug: 'work', name: 'work', type: 'headwater.Task', __version__: '0.1.0' },
  ],
  edges: [
    {
      upstream_task: { slug: 'x' },
      downstream_task: { slug: 'work' },
      key: 'x',
      mapped: false,
      __version__: '0.1.0',
    },
  ],
  reference_tasks: [],
  environment: {
    type: 'RemoteEnvironment',
    executor: '@headwater/core:LocalExecutor',
    executor_kwargs: {},
    labels: [],
    __version__: '0.1.0',
  },
  storage: null,
  __version__: '0.1.0',
};

/** Registers the bench flow (one per storage type given, named after it) and returns the ids. */
async function setUpFlows(h: Harness, storageTypes: (string | null)[] = [null]): Promise<string[]> {
  const project = await h.gql(`mutation { createProject(input: { name: "Bench" }) { id } }`);
  const ids: string[] = [];
  for (const type of storageTypes) {
    const serializedFlow = {
      ...FLOW,
      name: type === null ? FLOW.name : `${FLOW.name}-${type.toLowerCase()}`,
      storage: type === null ? null : { type, flows: {}, __version__: '0.1.0' },
    };
    const flow = await h.gql(`mutation($input: createFlowInput!) { createFlow(input: $input) { id } }`, {
      input: { projectId: project.createProject.id, serializedFlow },
    });
    ids.push(flow.createFlow.id);
  }
  return ids;
}

async function setUpFlow(h: Harness): Promise<string> {
  return (await setUpFlows(h))[0]!;
}

/** Requests per second of `request`, issued by `clients` concurrent clients, `total` in all. */
async function throughput(
  request: (i: number) => Promise<unknown>,
  total: number,
  clients: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) await request(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

const ROUNDS = 5;

function createFlowRunThroughput(backend: Backend): Benchmark {
  return {
    name: `server: createFlowRun throughput (${backend.name})`,
    description: `createFlowRun requests/s (each writes the run, its state, 2 task runs and their states) vs the trivial authenticated query { hello }, 8 concurrent clients, median of ${ROUNDS} alternating rounds, ${backend.name}`,
    async run(): Promise<BenchmarkResult> {
      const h = await harness(backend);
      try {
        const flowId = await setUpFlow(h);
        const total = 2000;
        const hello = () => h.gql(`{ hello }`);
        const create = (i: number) =>
          h.gql(`mutation($input: createFlowRunInput!) { createFlowRun(input: $input) { id } }`, {
            input: { flowId, parameters: { x: i } },
          });
        await throughput(hello, 200, 8);
        await throughput(create, 200, 8);
        // Alternating rounds, medians of each: a load change on the machine during the run
        // hits both sides instead of whichever happened to be measured then.
        const trivial: number[] = [];
        const creates: number[] = [];
        for (let round = 0; round < ROUNDS; round += 1) {
          trivial.push(await throughput(hello, total / ROUNDS, 8));
          creates.push(await throughput(create, total / ROUNDS, 8));
        }
        return {
          value: median(creates),
          baseline: median(trivial),
          unit: 'req/s',
          target: 0.5,
          targetIsRatio: true,
          higherIsBetter: true,
        };
      } finally {
        await h.close();
      }
    },
  };
}

const RUNS_STORED = 100_000;
/** The storage types of the flows the filtered queue benchmark spreads its runs over. */
const QUEUE_STORAGE_TYPES = ['Docker', 'Local', 'headwater-storage-cas:storagePlugin'];

/**
 * Stores `count` flow runs straight in the database, spread over `flowIds` in turn: most
 * finished, some due, most of the rest in the future.
 */
async function storeRuns(url: string, flowIds: string[], count: number): Promise<void> {
  const { db } = connectDatabase<Tables>(url);
  try {
    const flow = await db
      .selectFrom('flow')
      .select(['tenant_id'])
      .where('id', '=', flowIds[0]!)
      .executeTakeFirstOrThrow();
    const now = Date.now();
    const labelSets = ['[]', '["docker"]', '["docker","gpu"]', '["k8s"]'];
    for (let start = 0; start < count; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, count - start) }, (_, k) => {
        const i = start + k;
        const kind = i % 100;
        const state = kind < 80 ? 'Success' : kind < 81 ? 'Scheduled' : kind < 95 ? 'Scheduled' : 'Failed';
        const due = kind === 80 ? now - 60_000 - i : now + 3_600_000 + i * 1000;
        const time = new Date(kind < 80 || kind >= 95 ? now - 86_400_000 + i : due).toISOString();
        return {
          id: randomUUID(),
          tenant_id: flow.tenant_id,
          flow_id: flowIds[i % flowIds.length]!,
          name: `run-${i}`,
          parameters: '{}',
          context: '{}',
          labels: labelSets[Math.floor(i / 100) % labelSets.length]!,
          scheduled_start_time: time,
          auto_scheduled: 0,
          idempotency_key: null,
          times_resurrected: 0,
          agent_id: null,
          version: 1,
          state,
          state_message: null,
          state_timestamp: time,
          state_start_time: time,
          serialized_state: JSON.stringify({ type: state }),
          heartbeat: null,
          start_time: null,
          end_time: null,
          created: time,
          updated: time,
        };
      });
      await db.insertInto('flow_run').values(rows).execute();
    }
  } finally {
    await db.destroy();
  }
}

/**
 * getRunsInQueue's latency with 100k runs stored. With `storageTypes`, the runs are spread over
 * flows of Docker, Local and plugin storage, and the agent asks for Docker runs only.
 */
function queueLatency(backend: Backend, storageTypes?: string[]): Benchmark {
  const filtered = storageTypes !== undefined;
  const input = { labels: ['docker'], ...(filtered ? { storageTypes } : {}) };
  return {
    name: `server: getRunsInQueue with 100k runs${filtered ? ', by storage type' : ''} (${backend.name})`,
    description: filtered
      ? `median latency of getRunsInQueue over HTTP (labels ["docker"], storageTypes ${JSON.stringify(storageTypes)}; baseline: { hello } on the same server) with ${RUNS_STORED.toLocaleString('en')} flow runs stored (80% finished, 1% due, the rest scheduled later) over flows of ${QUEUE_STORAGE_TYPES.join(', ')} storage in turn, ${backend.name}`
      : `median latency of getRunsInQueue over HTTP (labels ["docker"]; baseline: { hello } on the same server) with ${RUNS_STORED.toLocaleString('en')} flow runs stored (80% finished, 1% due, the rest scheduled later), ${backend.name}`,
    async run(): Promise<BenchmarkResult> {
      const h = await harness(backend);
      try {
        const flowIds = await setUpFlows(h, filtered ? QUEUE_STORAGE_TYPES : [null]);
        await storeRuns(h.url, flowIds, RUNS_STORED);
        const query = `mutation($input: getRunsInQueueInput!) { getRunsInQueue(input: $input) { flowRunIds } }`;
        const first = await h.gql(query, { input });
        const timings: number[] = [];
        const trivial: number[] = [];
        for (let i = 0; i < 300; i++) {
          let started = performance.now();
          await h.gql(query, { input });
          timings.push(performance.now() - started);
          started = performance.now();
          await h.gql(`{ hello }`);
          trivial.push(performance.now() - started);
        }
        return {
          value: median(timings.slice(50)),
          baseline: median(trivial.slice(50)),
          unit: 'ms',
          target: 10,
          details: {
            p95: percentile(timings.slice(50), 95),
            returned: first.getRunsInQueue.flowRunIds.length,
            stored: RUNS_STORED,
          },
        };
      } finally {
        await h.close();
      }
    },
  };
}

const CLAIM_RUNS = 1000;
const CLAIMERS = 5;

const silent = new Logger(() => () => {});

async function graphileWorkerThroughput(connectionString: string): Promise<number> {
  const pgPool = new pg.Pool({ connectionString, max: CLAIMERS + 2 });
  pgPool.on('error', () => {});
  try {
    return await graphileWorkerRun(pgPool);
  } finally {
    await pgPool.end();
  }
}

async function graphileWorkerRun(pgPool: pg.Pool): Promise<number> {
  const utils = await makeWorkerUtils({ pgPool, logger: silent });
  try {
    await utils.migrate();
    for (let i = 0; i < CLAIM_RUNS; i += 100) {
      await utils.addJobs(
        Array.from({ length: 100 }, (_, k) => ({ identifier: 'claim', payload: { i: i + k } })),
      );
    }
  } finally {
    await utils.release();
  }
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const started = performance.now();
  const runners = await Promise.all(
    Array.from({ length: CLAIMERS }, () =>
      runGraphileWorker({
        pgPool,
        concurrency: 1,
        noHandleSignals: true,
        pollInterval: 100,
        logger: silent,
        taskList: {
          claim: async () => {
            done++;
            if (done === CLAIM_RUNS) finish();
          },
        },
      }),
    ),
  );
  await finished;
  const elapsed = performance.now() - started;
  await Promise.all(runners.map((runner) => runner.stop()));
  return CLAIM_RUNS / (elapsed / 1000);
}

function claimers(backend: Backend): Benchmark {
  return {
    name: `server: ${CLAIMERS} claimers over ${CLAIM_RUNS} runs (${backend.name})`,
    description:
      backend.name === 'PostgreSQL'
        ? `claims/s of ${CLAIMERS} concurrent agents (poll getRunsInQueue, read versions, write Submitted version-locked) vs graphile-worker 0.18.0 with ${CLAIMERS} runners on the same PostgreSQL; zero double claims required`
        : `claims/s of ${CLAIMERS} concurrent agents (poll getRunsInQueue, read versions, write Submitted version-locked) on SQLite; zero double claims required`,
    async run(): Promise<BenchmarkResult> {
      const h = await harness(backend);
      try {
        const flowId = await setUpFlow(h);
        const ids: string[] = [];
        for (let i = 0; i < CLAIM_RUNS; i++) {
          const data = await h.gql(
            `mutation($input: createFlowRunInput!) { createFlowRun(input: $input) { id } }`,
            {
              input: { flowId, labels: ['claim'] },
            },
          );
          ids.push(data.createFlowRun.id);
        }
        let claims = 0;
        let conflicts = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: CLAIMERS }, async () => {
            for (;;) {
              const queue = await h.gql(
                `mutation { getRunsInQueue(input: { labels: ["claim"], limit: 10 }) { flowRunIds } }`,
              );
              const due: string[] = queue.getRunsInQueue.flowRunIds;
              if (due.length === 0) return;
              const runs = await h.gql(
                `query($ids: [ID!]) { flowRuns(filter: { ids: $ids }) { nodes { id version state } } }`,
                { ids: due },
              );
              // Agents racing for the same queue head try the runs in different orders.
              const candidates = [...runs.flowRuns.nodes].sort(() => Math.random() - 0.5);
              for (const run of candidates) {
                if (run.state !== 'Scheduled') continue;
                try {
                  await h.gql(
                    `mutation($input: setFlowRunStatesInput!) { setFlowRunStates(input: $input) { states { id } } }`,
                    {
                      input: {
                        states: [
                          {
                            flowRunId: run.id,
                            version: run.version,
                            state: { type: 'Submitted', message: 'claimed' },
                          },
                        ],
                      },
                    },
                  );
                  claims++;
                } catch {
                  conflicts++;
                }
              }
            }
          }),
        );
        const rate = CLAIM_RUNS / ((performance.now() - started) / 1000);
        const { db } = connectDatabase<Tables>(h.url);
        let doubleClaims: number;
        try {
          const submitted = await db
            .selectFrom('flow_run_state')
            .select(['flow_run_id', (eb) => eb.fn.countAll<number>().as('n')])
            .where('state', '=', 'Submitted')
            .groupBy('flow_run_id')
            .execute();
          doubleClaims =
            submitted.filter((row) => Number(row.n) > 1).length + (CLAIM_RUNS - submitted.length);
        } finally {
          await db.destroy();
        }
        if (doubleClaims !== 0 || claims !== CLAIM_RUNS)
          throw new Error(`claims ${claims}, double or missing ${doubleClaims}`);
        const baseline = backend.name === 'PostgreSQL' ? await graphileWorkerThroughput(h.url) : undefined;
        return {
          value: rate,
          ...(baseline === undefined ? {} : { baseline }),
          unit: 'claims/s',
          higherIsBetter: true,
          details: { claims, versionConflicts: conflicts, doubleClaims },
        };
      } finally {
        await h.close();
      }
    },
  };
}

export const benchmarks: Benchmark[] = backends.flatMap((backend) => [
  createFlowRunThroughput(backend),
  queueLatency(backend),
  queueLatency(backend, ['Docker']),
  claimers(backend),
]);

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Agent,
  type AgentPlatformV2,
  createDockerPlatform,
  createProcessPlatform,
  silentAgentLogger,
} from '@headwater/agent';
import { Client, type FlowRunSummary } from '@headwater/client';
import { addPluginSearchPath } from '@headwater/core';
import { createDockerStorage } from '@headwater/storage-docker';
import { createLocalStorage } from '@headwater/storage-local';
import { createScratchDatabase, requireTestEnv } from '@headwater/testing';
import { Logger, makeWorkerUtils, run as runGraphileWorker } from 'graphile-worker';
import { trivialFlow } from './fixtures/trivial-flow.js';
import { graphilePool } from './graphile-pool.js';
import { type Benchmark, type BenchmarkResult, benchSize, median, percentile } from './harness.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

const setup = requireTestEnv(['databaseUrl']);
const docker = requireTestEnv(['dockerHost', 'baseImage', 'registry']);

// The agents resolve the storage plugins (Local, Docker) from here, as the CLI does from its install.
addPluginSearchPath(import.meta.dirname, { position: 'last' });

/** Runs per measurement (`HEADWATER_BENCH_THROUGHPUT_RUNS`; e.g. 50 for a quick run). */
const RUNS = benchSize('HEADWATER_BENCH_THROUGHPUT_RUNS', 1000);
/** Runs one agent holds at once (the agents' default). */
const SLOTS = 10;
/**
 * Where run processes keep Node's compiled code, as the `headwater` CLI's agents do (its
 * compile cache): agents made with `new Agent()` in a program without one get none.
 */
const COMPILE_CACHE = join(tmpdir(), 'headwater-bench-compile-cache');
/** How long the whole measurement may take before the benchmark gives up. */
const DEADLINE_MS = 30 * 60_000;

/** utime + stime + cutime + cstime of `/proc/<pid>/stat`, in seconds: `[own, of children that exited]`. */
function processCpu(pid: number | 'self'): [number, number] {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime, stime, cutime, cstime are fields 14–17 of the line; 12–15 after "pid (comm) ".
  return [(Number(fields[11]) + Number(fields[12])) / 100, (Number(fields[13]) + Number(fields[14])) / 100];
}

/** CPU seconds of live processes whose parent is `parent` (run processes kept for more runs). */
function liveChildrenCpu(parent: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.split(') ')[1]!.split(' ')[1]) !== parent) continue;
      const [own, children] = processCpu(Number(entry));
      total += own + children;
    } catch {
      // Gone meanwhile: its CPU is now in this process's cutime.
    }
  }
  return total;
}

/**
 * CPU seconds of this process (`self`: agents and the benchmark's client), of the server
 * processes `servers` (live), and of the other children (`children`: run processes), live or exited.
 */
function cpuSeconds(servers: readonly number[] = []): {
  self: number;
  servers: number;
  children: number;
  total: number;
} {
  const [self, exited] = processCpu('self');
  const serverCpu = servers.reduce((sum, pid) => sum + processCpu(pid)[0], 0);
  const children = exited + liveChildrenCpu(process.pid) - serverCpu;
  return { self, servers: serverCpu, children, total: self + serverCpu + children };
}

interface Topology {
  /** Each server (replica) in a process of its own, as `headwater server start` runs it. */
  servers: ServerProcess[];
  admin: Client;
  runnerToken: string;
  home: string;
  close(): Promise<void>;
}

/** One server on SQLite, or `replicas` servers on one scratch PostgreSQL database. */
async function topology(database: 'sqlite' | 'postgres', replicas: number): Promise<Topology> {
  const home = mkdtempSync(join(tmpdir(), 'hw-throughput-'));
  let drop: (() => Promise<void>) | undefined;
  let databaseUrl = join(home, 'headwater.db');
  if (database === 'postgres') {
    if (!setup.available)
      throw new Error('the PostgreSQL throughput benchmark needs HEADWATER_TEST_DATABASE_URL');
    const scratch = await createScratchDatabase(setup.env.databaseUrl, 'headwater_throughput');
    databaseUrl = scratch.url;
    drop = scratch.drop;
  }
  const options = { homeDir: home, databaseUrl };
  const servers = [await startServerProcess(options)];
  for (let i = 1; i < replicas; i++) servers.push(await startServerProcess(options));
  const admin = new Client({
    api: servers[0]!.url,
    token: servers[0]!.initialToken!.token,
    env: {},
    config: {},
  });
  const { token: runnerToken } = await admin.createApiToken({ name: 'bench', scope: 'RUNNER' });
  await admin.createProject({ projectName: 'Bench' });
  return {
    servers,
    admin,
    runnerToken,
    home,
    async close() {
      for (const server of servers) await server.close();
      await drop?.();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Creates `RUNS` runs of `flowId` (8 requests at a time), waits until all finished; the finished runs. */
async function runAll(admin: Client, flowId: string): Promise<FlowRunSummary[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < RUNS) {
        next++;
        ids.push((await admin.createFlowRun({ flowId })).id);
      }
    }),
  );
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const runs: FlowRunSummary[] = [];
    for (let i = 0; i < ids.length; i += 200)
      runs.push(...(await admin.listFlowRuns({ ids: ids.slice(i, i + 200), first: 200 })).nodes);
    if (runs.every((run) => run.endTime !== null)) return runs;
    if (Date.now() > deadline) throw new Error(`${runs.filter((r) => !r.endTime).length} runs unfinished`);
    await sleep(250);
  }
}

/** `agents` agents on `platform()`, connected round-robin to the replicas, run `RUNS` runs of the deployed flow. */
async function headwaterThroughput(
  t: Topology,
  flowId: string,
  agents: number,
  platform: () => AgentPlatformV2,
  /** Runs are containers, whose CPU is the Docker engine's and not measured here. */
  containers = false,
): Promise<BenchmarkResult> {
  const running = Array.from({ length: agents }, (_, i) => {
    const agent = new Agent({
      platform: platform(),
      api: t.servers[i % t.servers.length]!.url,
      token: t.runnerToken,
      name: `bench-${i}`,
      maxConcurrent: SLOTS,
      env: { HEADWATER__HOME_DIR: t.home },
      runEnv: { HEADWATER__HOME_DIR: t.home },
      logger: silentAgentLogger,
    });
    return { agent, stopped: agent.start() };
  });
  const serverPids = t.servers.map((server) => server.pid);
  const cpuBefore = cpuSeconds(serverPids);
  let runs: FlowRunSummary[];
  let cpuAfter: ReturnType<typeof cpuSeconds>;
  try {
    runs = await runAll(t.admin, flowId);
    // Live run processes (kept for more runs) count too.
    cpuAfter = cpuSeconds(serverPids);
  } finally {
    for (const { agent, stopped } of running) {
      await agent.stop();
      await stopped;
    }
  }
  const perRun = (key: 'self' | 'servers' | 'children' | 'total') =>
    ((cpuAfter[key] - cpuBefore[key]) * 1000) / RUNS;
  const failed = runs.filter((run) => run.state !== 'Success').length;
  if (failed > 0) throw new Error(`${failed} of ${RUNS} runs did not succeed`);
  const latencies = runs.map((run) => Date.parse(run.endTime!) - Date.parse(run.created));
  const first = Math.min(...runs.map((run) => Date.parse(run.created)));
  const last = Math.max(...runs.map((run) => Date.parse(run.endTime!)));
  const lastCreated = Math.max(...runs.map((run) => Date.parse(run.created)));
  return {
    value: RUNS / ((last - first) / 1000),
    unit: 'runs/s',
    // The target is process agents': a Docker agent's run pays a container start.
    ...(containers ? {} : { target: 25 }),
    higherIsBetter: true,
    details: {
      runs: RUNS,
      agents,
      replicas: t.servers.length,
      'slots per agent': SLOTS,
      // The 8 creators go as fast as the API takes runs: when this is near runs/s, creating the
      // runs set the pace, not running them.
      'runs created/s (first to last created)': RUNS / ((lastCreated - first) / 1000),
      'p50 created→Success (ms)': median(latencies),
      'p99 created→Success (ms)': percentile(latencies, 99),
      'CPU per run (ms): servers, agents and run processes': perRun('total'),
      'CPU per run (ms): servers': perRun('servers'),
      'CPU per run (ms): agents': perRun('self'),
      ...(containers
        ? { 'CPU per run (ms): run containers': 'not measured (they run under the Docker engine)' }
        : { 'CPU per run (ms): run processes': perRun('children') }),
    },
  };
}

/** graphile-worker on PostgreSQL: 4 workers of `SLOTS` concurrency run `RUNS` jobs, each a trivial Node child process. */
async function graphileThroughput(): Promise<{ perSecond: number; p50: number; p99: number; cpuMs: number }> {
  if (!setup.available) throw new Error('the throughput baseline needs HEADWATER_TEST_DATABASE_URL');
  const scratch = await createScratchDatabase(setup.env.databaseUrl, 'headwater_graphile_throughput');
  const silent = new Logger(() => () => {});
  const pools = Array.from({ length: 5 }, () => graphilePool(scratch.url));
  const utils = await makeWorkerUtils({ pgPool: pools[0], logger: silent });
  const latencies: number[] = [];
  let finished!: () => void;
  const all = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const child = () =>
    new Promise<void>((resolve, reject) => {
      const process = spawn(globalThis.process.execPath, ['-e', 'console.log(1 + 1)'], { stdio: 'ignore' });
      process.on('error', reject);
      process.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited with ${code}`))));
    });
  try {
    await utils.migrate();
    const workers = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        runGraphileWorker({
          pgPool: pools[i + 1],
          concurrency: SLOTS,
          noHandleSignals: true,
          logger: silent,
          taskList: {
            trivial: async (payload) => {
              await child();
              latencies.push(Date.now() - (payload as { created: number }).created);
              if (latencies.length === RUNS) finished();
            },
          },
        }),
      ),
    );
    const cpuBefore = cpuSeconds();
    const started = Date.now();
    for (let i = 0; i < RUNS; i++) await utils.addJob('trivial', { created: Date.now() });
    await all;
    const seconds = (Date.now() - started) / 1000;
    const cpu = cpuSeconds().total - cpuBefore.total;
    await Promise.all(workers.map((worker) => worker.stop()));
    return {
      perSecond: RUNS / seconds,
      p50: median(latencies),
      p99: percentile(latencies, 99),
      cpuMs: (cpu * 1000) / RUNS,
    };
  } finally {
    await utils.release();
    await Promise.all(pools.map((pool) => pool.end()));
    await scratch.drop();
  }
}

let graphile: ReturnType<typeof graphileThroughput> | undefined;
const baseline = () => {
  graphile ??= graphileThroughput();
  return graphile;
};

/** Adds the graphile-worker baseline to a result. */
async function withBaseline(result: BenchmarkResult): Promise<BenchmarkResult> {
  const b = await baseline();
  return {
    ...result,
    baseline: b.perSecond,
    details: {
      ...result.details,
      'graphile-worker p50 (ms)': b.p50,
      'graphile-worker p99 (ms)': b.p99,
      'graphile-worker CPU per job (ms)': b.cpuMs,
    },
  };
}

async function processRuns(database: 'sqlite' | 'postgres', replicas: number): Promise<BenchmarkResult> {
  const t = await topology(database, replicas);
  try {
    const storage = createLocalStorage({ directory: join(t.home, 'flows') });
    storage.addFlow(trivialFlow);
    trivialFlow.storage = storage;
    const { id } = await t.admin.deploy(trivialFlow, 'Bench', { setScheduleActive: false });
    return await withBaseline(
      await headwaterThroughput(t, id, 4, () => createProcessPlatform({ compileCache: COMPILE_CACHE })),
    );
  } finally {
    await t.close();
  }
}

async function dockerRuns(database: 'sqlite' | 'postgres', replicas: number): Promise<BenchmarkResult> {
  if (!docker.available) throw new Error('the Docker throughput benchmark needs the Docker test environment');
  const t = await topology(database, replicas);
  try {
    const storage = createDockerStorage({
      registryUrl: docker.env.registry,
      baseImage: docker.env.baseImage,
      dockerHost: docker.env.dockerHost,
      imageName: 'headwater-bench-throughput',
    });
    storage.addFlow(trivialFlow);
    trivialFlow.storage = storage;
    const { id } = await t.admin.deploy(trivialFlow, 'Bench', { setScheduleActive: false });
    return await withBaseline(await headwaterThroughput(t, id, 2, () => createDockerPlatform(), true));
  } finally {
    await t.close();
  }
}

const method = `${RUNS} runs of a one-task flow created 8 at a time; runs/s from the first created to the last finished; baseline: graphile-worker 0.18.0 jobs/s, 4 workers of concurrency ${SLOTS} each running a trivial Node child process, on PostgreSQL.`;

export const benchmarks: Benchmark[] = [
  {
    name: 'throughput: 4 process agents, SQLite',
    description: `4 process agents (${SLOTS} slots each), one server on SQLite: ${method}`,
    run: () => processRuns('sqlite', 1),
  },
  {
    name: 'throughput: 4 process agents, PostgreSQL, 2 replicas',
    description: `4 process agents (${SLOTS} slots each) spread over 2 server replicas on PostgreSQL: ${method}`,
    run: () => processRuns('postgres', 2),
  },
  {
    name: 'throughput: 2 Docker agents, SQLite',
    description: `2 Docker agents (${SLOTS} slots each), one server on SQLite, pulling from a local registry: ${method}`,
    run: () => dockerRuns('sqlite', 1),
  },
  {
    name: 'throughput: 2 Docker agents, PostgreSQL, 2 replicas',
    description: `2 Docker agents (${SLOTS} slots each) spread over 2 server replicas on PostgreSQL: ${method}`,
    run: () => dockerRuns('postgres', 2),
  },
];

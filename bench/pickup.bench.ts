import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Agent,
  type AgentPlatformV2,
  createDockerPlatform,
  createProcessPlatform,
  type DockerAgentEngine,
  silentAgentLogger,
} from '@headwater/agent';
import { Client } from '@headwater/client';
import { addPluginSearchPath, type Flow } from '@headwater/core';
import { startServer } from '@headwater/server';
import { createDockerClient, createDockerStorage } from '@headwater/storage-docker';
import { createLocalStorage } from '@headwater/storage-local';
import { createScratchDatabase, requireTestEnv } from '@headwater/testing';
import { Logger, makeWorkerUtils, run as runGraphileWorker } from 'graphile-worker';
import { countingFlow } from './fixtures/counting-flow.js';
import { graphilePool } from './graphile-pool.js';
import type { Benchmark, BenchmarkResult } from './harness.js';
import { median, percentile } from './harness.js';

const setup = requireTestEnv(['databaseUrl']);
const docker = requireTestEnv(['dockerHost', 'baseImage', 'registry']);

// The agents resolve the storage plugins (Local, Docker) from here, as the CLI does from its
// install: this package depends on them, the repository's root does not.
addPluginSearchPath(import.meta.dirname, { position: 'last' });

/** How long one run may take to reach Success before the benchmark gives up. */
const RUN_DEADLINE_MS = 60_000;

/** Runs measured per agent; the agent idles 1–3 s before each, as between real runs. */
const RUNS = 15;
const idle = () => sleep(1000 + Math.random() * 2000);

interface PickupSample {
  /** createFlowRun → Running, the headline number. */
  running: number;
  /** createFlowRun → Submitted: the agent saw and claimed the run. */
  submitted: number;
}

/** Wraps a platform to time each deploy: image pull, container or process creation and start. */
function timed(platform: AgentPlatformV2): { platform: AgentPlatformV2; deploys: number[] } {
  const deploys: number[] = [];
  return {
    deploys,
    // Delegates by name: platforms are class instances, whose methods a spread would drop.
    platform: {
      specificationVersion: platform.specificationVersion,
      type: platform.type,
      launchKinds: platform.launchKinds,
      ...(platform.check ? { check: (options) => platform.check!(options) } : {}),
      ...(platform.close ? { close: () => platform.close!() } : {}),
      ...(platform.loadedFlowIds ? { loadedFlowIds: () => platform.loadedFlowIds!() } : {}),
      async deploy(run, options) {
        const started = performance.now();
        const deployed = await platform.deploy(run, options);
        deploys.push(performance.now() - started);
        return deployed;
      },
    },
  };
}

/** A server on a scratch PostgreSQL database (the database graphile-worker needs too). */
async function benchServer() {
  if (!setup.available) throw new Error('the pickup benchmark needs HEADWATER_TEST_DATABASE_URL');
  const scratch = await createScratchDatabase(setup.env.databaseUrl, 'headwater_pickup');
  const home = mkdtempSync(join(tmpdir(), 'hw-pickup-'));
  const server = await startServer({
    port: 0,
    homeDir: home,
    databaseUrl: scratch.url,
    services: false,
    print: () => {},
    logError: () => {},
  });
  const admin = new Client({ api: server.url, token: server.initialToken!.token, env: {}, config: {} });
  const { token: runnerToken } = await admin.createApiToken({ name: 'bench', scope: 'RUNNER' });
  await admin.createProject({ projectName: 'Bench' });
  return {
    api: server.url,
    admin,
    runnerToken,
    home,
    async close() {
      await server.close();
      await scratch.drop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

type BenchServer = Awaited<ReturnType<typeof benchServer>>;

/** Creates runs one at a time (start now) and measures when the agent claimed and started each. */
async function measurePickup(server: BenchServer, flowId: string, log: string): Promise<PickupSample[]> {
  const samples: PickupSample[] = [];
  for (let i = 0; i < RUNS; i++) {
    await idle();
    const created = Date.now();
    const { id } = await server.admin.createFlowRun({ flowId, parameters: { log } });
    let states: { state: string; timestamp: string }[] = [];
    for (;;) {
      states = await server.admin.getFlowRunStates(id);
      if (states.some((s) => s.state === 'Success' || s.state === 'Failed')) break;
      if (Date.now() - created > RUN_DEADLINE_MS) {
        const run = await server.admin.getFlowRun(id);
        throw new Error(
          `run ${id} did not finish within ${RUN_DEADLINE_MS / 1000} s: ${JSON.stringify({ states, waitingFor: run.waitingFor })}`,
        );
      }
      await sleep(50);
    }
    const at = (type: string) => Date.parse(states.find((s) => s.state === type)!.timestamp) - created;
    if (!states.some((s) => s.state === 'Running'))
      throw new Error(`run ${id} never ran: ${JSON.stringify(states)}`);
    samples.push({ submitted: at('Submitted'), running: at('Running') });
  }
  return samples;
}

/** Starts an agent on `platform` (deploys timed), measures the pickup of `flowId`'s runs, stops it. */
async function pickupWith(platform: AgentPlatformV2, server: BenchServer, flowId: string, marksLog: string) {
  const { platform: timedPlatform, deploys } = timed(platform);
  const agent = new Agent({
    platform: timedPlatform,
    api: server.api,
    token: server.runnerToken,
    env: { HEADWATER__HOME_DIR: server.home },
    logger: silentAgentLogger,
  });
  const stopped = agent.start();
  try {
    return { samples: await measurePickup(server, flowId, marksLog), deploys };
  } finally {
    await agent.stop();
    await stopped;
  }
}

/** createFlowRun-equivalent → handler start for graphile-worker on the same PostgreSQL. */
async function graphileWorkerPickup(): Promise<number[]> {
  if (!setup.available) throw new Error('the pickup benchmark needs HEADWATER_TEST_DATABASE_URL');
  const scratch = await createScratchDatabase(setup.env.databaseUrl, 'headwater_graphile');
  const pools = [graphilePool(scratch.url), graphilePool(scratch.url)];
  const utils = await makeWorkerUtils({ pgPool: pools[0], logger: new Logger(() => () => {}) });
  let started: (() => void) | undefined;
  const worker = await runGraphileWorker({
    pgPool: pools[1],
    concurrency: 1,
    noHandleSignals: true,
    logger: new Logger(() => () => {}),
    taskList: { pickup: async () => started?.() },
  });
  const latencies: number[] = [];
  try {
    await utils.migrate();
    for (let i = 0; i < RUNS; i++) {
      await idle();
      const picked = new Promise<void>((resolve) => {
        started = resolve;
      });
      const created = performance.now();
      await utils.addJob('pickup', { i });
      await picked;
      latencies.push(performance.now() - created);
    }
  } finally {
    await worker.stop();
    await utils.release();
    await Promise.all(pools.map((pool) => pool.end()));
    await scratch.drop();
  }
  return latencies;
}

let graphileBaseline: Promise<number[]> | undefined;
const baseline = () => {
  graphileBaseline ??= graphileWorkerPickup();
  return graphileBaseline;
};

function summarize(
  samples: PickupSample[],
  deploys: number[],
  graphile: number[],
  target?: number,
): BenchmarkResult & { details: Record<string, number | string> } {
  const running = samples.map((s) => s.running);
  const submitted = samples.map((s) => s.submitted);
  const startup = samples.map((s) => s.running - s.submitted);
  return {
    value: median(running),
    unit: 'ms',
    baseline: median(graphile),
    ...(target === undefined ? {} : { target }),
    details: {
      runs: samples.length,
      'first run (cold start) create→Running (ms)': samples[0]!.running,
      'p90 create→Running (ms)': percentile(running, 90),
      'p50 create→Submitted (ms)': median(submitted),
      'p50 Submitted→Running (ms)': median(startup),
      'p50 deploy: pull, create and start (ms)': median(deploys),
      'graphile-worker p90 (ms)': percentile(graphile, 90),
    },
  };
}

async function deployed(
  server: BenchServer,
  flow: Flow,
  storage: NonNullable<Flow['storage']>,
): Promise<string> {
  return (await deployedFlow(server, flow, storage)).id;
}

async function deployedFlow(server: BenchServer, flow: Flow, storage: NonNullable<Flow['storage']>) {
  storage.addFlow(flow);
  flow.storage = storage;
  return server.admin.deploy(flow, 'Bench', { setScheduleActive: false });
}

/**
 * A bare container start, `RUNS` times: `docker run --rm --network host <image> node -e 0`
 * (create, start, and Node's start and exit inside), with the engine's create + start alone
 * broken out.
 */
async function bareContainerStarts(image: string): Promise<{ run: number[]; createStart: number[] }> {
  const engine = createDockerClient(
    docker.available ? docker.env.dockerHost : undefined,
  ) as unknown as DockerAgentEngine;
  const run: number[] = [];
  const createStart: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await idle();
    const started = performance.now();
    const container = await engine.createContainer({
      name: `headwater-bench-bare-${randomBytes(4).toString('hex')}`,
      Image: image,
      Cmd: ['node', '-e', '0'],
      Env: [],
      Labels: {},
      HostConfig: { NetworkMode: 'host', AutoRemove: true },
    });
    const exited = container.wait({ condition: 'next-exit' });
    await container.start();
    createStart.push(performance.now() - started);
    await exited;
    run.push(performance.now() - started);
  }
  return { run, createStart };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'agent pickup: process agent, createFlowRun → Running',
    description:
      'p50 ms from createFlowRun (start now) to the Running state with an idle process agent (Local storage, PostgreSQL server); baseline: graphile-worker 0.18.0 addJob → handler start on the same PostgreSQL.',
    async run() {
      const server = await benchServer();
      try {
        const flowId = await deployed(
          server,
          countingFlow,
          createLocalStorage({ directory: join(server.home, 'flows') }),
        );
        const { samples, deploys } = await pickupWith(
          // Run processes keep compiled code as under the `headwater` CLI's agents.
          createProcessPlatform({ compileCache: join(tmpdir(), 'headwater-bench-compile-cache') }),
          server,
          flowId,
          join(server.home, 'marks.log'),
        );
        return summarize(samples, deploys, await baseline(), 10);
      } finally {
        await server.close();
      }
    },
  },
  {
    name: 'agent pickup: docker agent, createFlowRun → Running',
    description:
      'p50 ms from createFlowRun (start now) to Running with an idle Docker agent pulling from a local registry; the deploy (pull, create, start the container) is broken out of Submitted→Running; baseline: a bare container start of the same image (`docker run --rm --network host <image> node -e 0`), target ≤ 1.5× it.',
    async run() {
      if (!docker.available) throw new Error('the Docker pickup benchmark needs the Docker test environment');
      const server = await benchServer();
      try {
        const storage = createDockerStorage({
          registryUrl: docker.env.registry,
          baseImage: docker.env.baseImage,
          dockerHost: docker.env.dockerHost,
          imageName: 'headwater-bench-pickup',
        });
        const flow = await deployedFlow(server, countingFlow, storage);
        const serialized = flow.serializedFlow.storage as Record<string, string>;
        const image = `${serialized.registry_url}/${serialized.image_name}:${serialized.image_tag}`;
        const { samples, deploys } = await pickupWith(
          createDockerPlatform(),
          server,
          flow.id,
          '/tmp/headwater-bench-marks.log',
        );
        const bare = await bareContainerStarts(image);
        const result = summarize(samples, deploys, await baseline());
        return {
          ...result,
          baseline: median(bare.run),
          target: 1.5,
          targetIsRatio: true,
          details: {
            ...result.details,
            'graphile-worker p50 (ms)': median(await baseline()),
            'bare container p50: create + start (ms)': median(bare.createStart),
          },
        };
      } finally {
        await server.close();
      }
    },
  },
];

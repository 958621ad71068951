import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Flow, ProgressReporter } from '@headwater/core';
import { requireTestEnv } from '@headwater/testing';
import { type Benchmark, median } from '../../../bench/harness.js';
import { createDockerClient, createDockerStorage } from '../src/index.js';
import { deleteFromRegistry, removeImages, runNamespace } from '../test/support/docker-test-support.js';

const run = promisify(execFile);
const ROUNDS = 5;

const flowSource = (version: number) => `import { Flow, task } from '@headwater/core';

const version = ${version};
const report = task(() => ({ version, at: Date.now() }), { name: 'report' });

export const flow = new Flow('bench-rebuild', { module: import.meta.url });
flow.add(report, {});
`;

/** Times each reporter step (first `step` to its `done`). */
function stepTimer(): ProgressReporter & { durations: Record<string, number> } {
  const started: Record<string, number> = {};
  const durations: Record<string, number> = {};
  return {
    durations,
    step: (id) => {
      started[id] = performance.now();
    },
    progress() {},
    log() {},
    done: (id) => {
      if (started[id] !== undefined) durations[id] = performance.now() - started[id];
    },
    fail() {},
  };
}

async function environment() {
  const setup = requireTestEnv(['dockerHost', 'baseImage', 'registry']);
  if (!setup.available) throw new Error(`the test environment is missing ${setup.missing.join(', ')}`);
  const work = await mkdtemp(join(import.meta.dirname, '.work-'));
  return { env: setup.env, work, docker: createDockerClient(setup.env.dockerHost) };
}

async function loadFlow(file: string, version: number): Promise<Flow> {
  await writeFile(file, flowSource(version));
  const module = (await import(`${pathToFileURL(file).href}?v=${version}`)) as { flow: Flow };
  return module.flow;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'storage-docker rebuild: after a code-only change',
    description:
      'storage.build({ push: false }) after editing a task body (base image cached), vs `docker build` of a COPY-only Dockerfile with a changed file, same run',
    async run() {
      const { env, work, docker } = await environment();
      const images = new Set<string>();
      const baseline = await mkdtemp(join(tmpdir(), 'hw-bench-copy-'));
      try {
        const file = join(work, 'flow.ts');
        const build = async (version: number) => {
          const storage = createDockerStorage({ baseImage: env.baseImage, dockerHost: env.dockerHost });
          storage.addFlow(await loadFlow(file, version));
          const timer = stepTimer();
          const start = performance.now();
          const built = await storage.build({ push: false, reporter: timer });
          const elapsed = performance.now() - start;
          if (built.image) images.add(built.image);
          return { elapsed, steps: timer.durations };
        };
        await mkdir(baseline, { recursive: true });
        await writeFile(
          join(baseline, 'Dockerfile'),
          `FROM ${env.baseImage}\nCOPY payload.txt /payload.txt\n`,
        );
        const dockerBuild = async (round: number) => {
          await writeFile(join(baseline, 'payload.txt'), `round ${round} ${Date.now()}\n`);
          const start = performance.now();
          await run(
            'docker',
            ['-H', env.dockerHost, 'build', '-q', '-t', `headwater-bench-copy:${round}`, baseline],
            {
              env: { ...process.env, DOCKER_BUILDKIT: '0' },
            },
          );
          images.add(`headwater-bench-copy:${round}`);
          return performance.now() - start;
        };

        await build(0);
        await dockerBuild(0);
        const rebuilds: Awaited<ReturnType<typeof build>>[] = [];
        const baselines: number[] = [];
        for (let round = 1; round <= ROUNDS; round++) {
          rebuilds.push(await build(round));
          baselines.push(await dockerBuild(round));
        }
        const step = (id: string) => Math.round(median(rebuilds.map((r) => r.steps[id] ?? 0)));
        return {
          value: median(rebuilds.map((r) => r.elapsed)),
          baseline: median(baselines),
          unit: 'ms',
          target: 3,
          targetIsRatio: true,
          details: {
            rounds: ROUNDS,
            'bundle ms': step('bundle'),
            'image layers ms': step('image'),
            'health check ms': step('health-check'),
          },
        };
      } finally {
        await removeImages(docker, images);
        await rm(work, { recursive: true, force: true });
        await rm(baseline, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'storage-docker rebuild: unchanged redeploy',
    description:
      'storage.build() of an unchanged flow whose image the registry already has (no build, no push)',
    async run() {
      const { env, work, docker } = await environment();
      const namespace = runNamespace();
      const registryUrl = `${env.registry}/${namespace}`;
      let first: Awaited<ReturnType<ReturnType<typeof createDockerStorage>['build']>> | undefined;
      try {
        const flow = await loadFlow(join(work, 'flow.ts'), 1);
        const deploy = () => {
          const storage = createDockerStorage({
            baseImage: env.baseImage,
            dockerHost: env.dockerHost,
            registryUrl,
          });
          storage.addFlow(flow);
          return storage.build();
        };
        first = await deploy();
        const times: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const start = performance.now();
          const again = await deploy();
          times.push(performance.now() - start);
          if (again.built !== false) throw new Error('the unchanged redeploy built an image');
        }
        return {
          value: median(times),
          unit: 'ms',
          target: 1000,
          details: { rounds: ROUNDS, 'max ms': Math.round(Math.max(...times)) },
        };
      } finally {
        if (first?.imageDigest)
          await deleteFromRegistry(env.registry, `${namespace}/${first.imageName}`, first.imageDigest);
        if (first?.image) await removeImages(docker, [first.image]);
        await rm(work, { recursive: true, force: true });
      }
    },
  },
];

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Flow, ProgressReporter } from '@headwater/core';
import { requireTestEnv } from '@headwater/testing';
import { type Benchmark, median } from '../../../bench/harness.js';
import { contextStream } from '../src/build/build-context.js';
import { createDockerStorage } from '../src/index.js';
import {
  deleteFromRegistry,
  dockerClient,
  npmTarball,
  removeImages,
  runNamespace,
} from '../test/support/docker-test-support.js';

const run = promisify(execFile);
const ROUNDS = 9;

const DEPENDENCY = 'headwater-bench-dependency';

const flowSource = (version: number) => `import { Flow, task } from '@headwater/core';

const version = ${version};
const dependency = '${DEPENDENCY}';
const report = task(
  async () => {
    const { label } = await import(dependency);
    return { version: label(version), at: Date.now() };
  },
  { name: 'report' },
);

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
  return { env: setup.env, work, docker: dockerClient(setup.env.dockerHost) };
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
      'storage.build({ push: false }) after editing a task body (base image and the layer of an npm dependency cached), vs `docker build` of a COPY-only Dockerfile with a changed file, same run',
    async run() {
      const { env, work, docker } = await environment();
      const images = new Set<string>();
      const baseline = await mkdtemp(join(tmpdir(), 'hw-bench-copy-'));
      const tarball = await npmTarball(DEPENDENCY, {
        'index.js': 'export const label = (version) => "v" + version;\n',
      });
      try {
        const file = join(work, 'flow.ts');
        const build = async (version: number) => {
          const storage = createDockerStorage({
            baseImage: env.baseImage,
            dockerHost: env.dockerHost,
            dependencies: [`${DEPENDENCY}@file:${tarball}`],
          });
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
        // The same COPY-only build through the engine API with BuildKit, as Docker storage
        // builds (the docker CLI here builds with the classic builder): for comparison only.
        const buildkitBuild = async (round: number) => {
          const context = contextStream([
            {
              name: 'Dockerfile',
              content: Buffer.from(`FROM ${env.baseImage}\nCOPY payload.txt /payload.txt\n`),
            },
            { name: 'payload.txt', content: Buffer.from(`round ${round} ${Date.now()}\n`) },
          ]);
          const start = performance.now();
          const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
            docker.modem.dial(
              {
                path: '/build?',
                method: 'POST',
                file: context,
                options: { t: `headwater-bench-copy:buildkit-${round}`, networkmode: 'host', version: '2' },
                isStream: true,
                statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
              },
              (error, result) => (error ? reject(error) : resolve(result as NodeJS.ReadableStream)),
            ),
          );
          await new Promise((resolve, reject) =>
            docker.modem.followProgress(stream, (error, output) => (error ? reject(error) : resolve(output))),
          );
          images.add(`headwater-bench-copy:buildkit-${round}`);
          return performance.now() - start;
        };

        await build(0);
        await dockerBuild(0);
        await buildkitBuild(0);
        const rebuilds: Awaited<ReturnType<typeof build>>[] = [];
        const baselines: number[] = [];
        const buildkitBaselines: number[] = [];
        for (let round = 1; round <= ROUNDS; round++) {
          rebuilds.push(await build(round));
          baselines.push(await dockerBuild(round));
          buildkitBaselines.push(await buildkitBuild(round));
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
            'BuildKit COPY-only build ms (engine API)': Math.round(median(buildkitBaselines)),
          },
        };
      } finally {
        await removeImages(docker, images);
        await rm(work, { recursive: true, force: true });
        await rm(baseline, { recursive: true, force: true });
        await rm(dirname(tarball), { recursive: true, force: true });
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

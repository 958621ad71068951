import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { ContainerLaunch, RegistryCredentials } from '@headwater/core';
import Dockerode from 'dockerode';
import type { AgentLogger } from '../agent-logger.js';
import type { AgentPlatformV2, DeployedRun, FlowRunDeployment, RunExit } from '../agent-platform.js';
import { AgentPlatformError } from '../errors/agent-platform-error.js';
import { OutputTail } from '../output-tail.js';

/** A container the Docker agent created, as {@link DockerAgentEngine.createContainer} resolves it. */
export interface DockerAgentContainer {
  readonly id: string;
  /** Resolves to the container's multiplexed output stream (see `modem.demuxStream`). */
  attach(options: {
    stream: boolean;
    stdout: boolean;
    stderr: boolean;
    logs: boolean;
  }): Promise<NodeJS.ReadableStream>;
  /** Resolves when the container exits, with its exit code. */
  wait(options?: { condition?: string }): Promise<{ StatusCode: number }>;
  start(): Promise<unknown>;
  /** Stops the container, killing it after `t` seconds. */
  stop(options?: { t?: number }): Promise<unknown>;
  remove(options?: { force?: boolean }): Promise<unknown>;
}

/** What the Docker agent creates a run's container with (the engine's `ContainerCreate` body). */
export interface DockerAgentContainerOptions {
  name: string;
  Image: string;
  Cmd: string[];
  /** `KEY=value` entries. */
  Env: string[];
  Labels: Record<string, string>;
  HostConfig: { NetworkMode: string; AutoRemove: boolean; NanoCpus?: number; Memory?: number };
}

/**
 * The part of a Docker client the Docker agent uses: a structural type, so that your own
 * dockerode client (configured for TLS or a remote host) fits without this package's types
 * depending on dockerode's.
 *
 * @example
 * ```ts
 * import Dockerode from 'dockerode';
 * createDockerAgent({ token, docker: new Dockerode({ host: 'runner-host', port: 2376, ca, cert, key }) });
 * ```
 */
export interface DockerAgentEngine {
  ping(): Promise<unknown>;
  /** Pulls an image; resolves to the engine's stream of JSON progress events. */
  pull(
    image: string,
    options?: {
      authconfig?: { serveraddress: string; username?: string; password?: string; identitytoken?: string };
      abortSignal?: AbortSignal | undefined;
    },
  ): Promise<NodeJS.ReadableStream>;
  getImage(name: string): { inspect(): Promise<unknown> };
  createContainer(options: DockerAgentContainerOptions): Promise<DockerAgentContainer>;
  readonly modem: {
    /** Reads a stream of JSON events to its end. */
    followProgress(
      stream: NodeJS.ReadableStream,
      onFinished: (error: Error | null, output: any[]) => void,
      onProgress?: (event: any) => void,
    ): void;
    /** Splits a container's multiplexed output into stdout and stderr. */
    demuxStream(
      stream: NodeJS.ReadableStream,
      stdout: NodeJS.WritableStream,
      stderr: NodeJS.WritableStream,
    ): void;
  };
}

/**
 * Options of {@link createDockerPlatform}.
 *
 * @example
 * ```ts
 * createDockerPlatform({ networkMode: 'host', memory: '1g', cpus: 1, registryCredentials: {
 *   '127.0.0.1:5001': { username: 'puller', password: process.env.REGISTRY_PASSWORD! },
 * } });
 * ```
 */
export interface DockerPlatformOptions {
  /** @default a dockerode client for `DOCKER_HOST`, else the local socket */
  docker?: DockerAgentEngine;
  /**
   * Pull each run's image before starting it. Images without a registry (never pushed) are
   * never pulled.
   * @default true
   */
  pull?: boolean;
  /** Credentials per registry host; they win over `~/.docker/config.json`. */
  registryCredentials?: Readonly<Record<string, RegistryCredentials>>;
  /** Where Docker's `config.json` is read from. @default `DOCKER_CONFIG`, else `~/.docker` */
  dockerConfigDirectory?: string;
  /**
   * The containers' network mode. `host` lets a run reach an API on the agent host's
   * loopback address.
   * @default 'host'
   */
  networkMode?: string;
  /** CPU limit per run, in CPUs (e.g. `0.5`). @default no limit */
  cpus?: number;
  /** Memory limit per run: bytes, or a string such as `512m`, `2g`. @default no limit */
  memory?: number | string;
  /** The command run in the image. @default the one the flow's storage gives (`headwater execute flow-run`) */
  command?: readonly string[];
  /** Extra container labels. */
  containerLabels?: Readonly<Record<string, string>>;
  /** Lines of a run's output kept to explain a failure. @default 50 */
  logTailLines?: number;
  /** Receives every line a run prints. */
  output?: (line: string, run: FlowRunDeployment) => void;
  /** Where pull notes go. */
  logger?: AgentLogger;
}

const TYPE = 'DockerAgent';

/** Container labels the agent sets, so runs can be found with `docker ps --filter label=…`. */
export const CONTAINER_LABELS = {
  flowRunId: 'io.headwater.flow-run-id',
  flowId: 'io.headwater.flow-id',
  flowRunName: 'io.headwater.flow-run-name',
} as const;

/**
 * Runs each flow run whose storage launches a container (Docker storage) in its own
 * container: pulls the image (with the registry's credentials), starts the storage's command
 * with the run environment, labels the container with the run and flow ids, and removes it
 * after it exits. An image that cannot be pulled or a container that cannot start is refused
 * with the engine's own message.
 */
export function createDockerPlatform(options: DockerPlatformOptions = {}): AgentPlatformV2 {
  const docker: DockerAgentEngine = options.docker ?? new Dockerode();
  const pull = options.pull ?? true;
  const memory = options.memory === undefined ? undefined : parseMemory(options.memory);
  const tailSize = options.logTailLines ?? 50;

  async function credentialsFor(launch: ContainerLaunch, registry: string) {
    return (
      options.registryCredentials?.[registry] ??
      (await launch.credentials?.(
        options.dockerConfigDirectory ? { configDirectory: options.dockerConfigDirectory } : {},
      ))
    );
  }

  async function pullImage(launch: ContainerLaunch, registry: string, signal?: AbortSignal): Promise<void> {
    const image = launch.image;
    const credentials = await credentialsFor(launch, registry);
    const authconfig = credentials
      ? 'identityToken' in credentials
        ? { serveraddress: registry, identitytoken: credentials.identityToken }
        : { serveraddress: registry, username: credentials.username, password: credentials.password }
      : undefined;
    const stream = await docker.pull(image, {
      ...(authconfig ? { authconfig } : {}),
      abortSignal: signal,
    });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
          const failed = events?.find((event) => event.error || event.errorDetail);
          if (error) reject(error);
          else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
          else resolve();
        },
      );
    });
  }

  async function hasImage(image: string): Promise<boolean> {
    try {
      await docker.getImage(image).inspect();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The image of a flow version on this host: pulled once for all its runs, concurrent ones
   * included (a new deploy is a new flow version, so a re-pushed tag is pulled again). A
   * failed pull falls back to a copy already on the host, and is tried again by the next run.
   */
  const images = new Map<string, Promise<void>>();
  const imageKey = (run: FlowRunDeployment, launch: ContainerLaunch) => `${run.flowId} ${launch.image}`;
  const closing = new AbortController();
  function imageFor(run: FlowRunDeployment, launch: ContainerLaunch, registry: string): Promise<void> {
    const key = imageKey(run, launch);
    let present = images.get(key);
    if (present === undefined) {
      present = pullOrLocal(launch, registry);
      images.set(key, present);
      present.catch(() => images.delete(key));
    }
    return present;
  }

  async function pullOrLocal(launch: ContainerLaunch, registry: string): Promise<void> {
    try {
      await pullImage(launch, registry, closing.signal);
    } catch (cause) {
      if (closing.signal.aborted || !(await hasImage(launch.image))) throw cause;
      options.logger?.warn(
        `Could not pull ${launch.image} (${engineMessage(cause)}); using the copy on this host.`,
      );
    }
  }

  return {
    specificationVersion: 'v2',
    type: TYPE,
    launchKinds: ['container'],

    async check({ signal } = {}) {
      try {
        signal?.throwIfAborted();
        await docker.ping();
      } catch (cause) {
        throw new AgentPlatformError({
          platform: TYPE,
          message: `The Docker engine did not answer (${engineMessage(cause)}). Start Docker, or point DOCKER_HOST at a running engine.`,
          cause,
        });
      }
    },

    async deploy(run, { signal } = {}) {
      const refuse = (reason: string, cause?: unknown) =>
        new AgentPlatformError({ platform: TYPE, flowRunId: run.flowRunId, message: reason, cause });
      const launch = run.launch;
      if (launch.kind !== 'container') {
        throw refuse(
          `flow ${run.flowName} is started as a ${launch.kind}, and the Docker agent starts containers (use \`headwater agent start process\` for flows run as host processes).`,
        );
      }
      const { image, registry } = launch;

      if (pull && registry) {
        try {
          await untilAborted(imageFor(run, launch, registry), signal);
        } catch (cause) {
          if (signal?.aborted) throw cause;
          throw refuse(`could not pull image ${image} from ${registry}: ${engineMessage(cause)}`, cause);
        }
      } else if (!(await hasImage(image))) {
        throw refuse(
          `image ${image} is not on this Docker host${registry ? ' and pulling is off (--no-pull)' : ' and has no registry to pull it from'}.`,
        );
      }

      const name = `headwater-${slug(run.flowRunName)}-${randomBytes(4).toString('hex')}`;
      const create = () =>
        docker.createContainer({
          name,
          Image: image,
          Cmd: [...(options.command ?? launch.command)],
          Env: Object.entries(run.env).map(([key, value]) => `${key}=${value}`),
          Labels: {
            ...options.containerLabels,
            [CONTAINER_LABELS.flowRunId]: run.flowRunId,
            [CONTAINER_LABELS.flowId]: run.flowId,
            [CONTAINER_LABELS.flowRunName]: run.flowRunName,
          },
          HostConfig: {
            NetworkMode: options.networkMode ?? 'host',
            AutoRemove: true,
            ...(options.cpus ? { NanoCpus: Math.round(options.cpus * 1e9) } : {}),
            ...(memory ? { Memory: memory } : {}),
          },
        });
      let container: DockerAgentContainer;
      try {
        container = await create().catch(async (cause: unknown) => {
          // The image was pulled for an earlier run and removed from the host since: pull it again.
          if (!(pull && registry && isMissingImage(cause))) throw cause;
          images.delete(imageKey(run, launch));
          await untilAborted(imageFor(run, launch, registry), signal);
          return create();
        });
      } catch (cause) {
        throw refuse(`could not create a container from ${image}: ${engineMessage(cause)}`, cause);
      }

      try {
        return await startWatched(docker, container, run, tailSize, options.output);
      } catch (cause) {
        await container.remove({ force: true }).catch(() => undefined);
        throw refuse(`could not start a container from ${image}: ${engineMessage(cause)}`, cause);
      }
    },

    async close() {
      closing.abort();
    },
  };
}

/** The engine answered that the image is not on the host. */
function isMissingImage(error: unknown): boolean {
  return (
    (error as { statusCode?: number })?.statusCode === 404 && /no such image/i.test(engineMessage(error))
  );
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function startWatched(
  docker: DockerAgentEngine,
  container: DockerAgentContainer,
  run: FlowRunDeployment,
  tailSize: number,
  output: DockerPlatformOptions['output'],
): Promise<DeployedRun> {
  const tail = new OutputTail(tailSize);
  const stream = await container.attach({ stream: true, stdout: true, stderr: true, logs: true });
  const sink = new PassThrough();
  docker.modem.demuxStream(stream, sink, sink);
  const streamEnded = new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  let partial = '';
  sink.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const lines = text.split(/\r?\n/);
    partial = lines.pop() ?? '';
    for (const line of lines) {
      tail.push(`${line}\n`);
      output?.(line, run);
    }
  });
  // Waiting before starting means even an instant exit is seen; the container is removed on exit.
  const waited = container.wait({ condition: 'next-exit' });
  await container.start();
  const exited: Promise<RunExit> = waited
    .then((result) => result.StatusCode as number | null)
    .catch(() => null)
    .then(async (exitCode) => {
      await Promise.race([streamEnded, new Promise((resolve) => setTimeout(resolve, 2000))]);
      if (partial) tail.push(partial);
      return {
        exitCode: exitCode === 137 || exitCode === 143 ? null : exitCode,
        signal: exitCode === 137 ? 'SIGKILL' : exitCode === 143 ? 'SIGTERM' : null,
        logTail: tail.lines(),
      };
    });
  return {
    id: `container ${container.id.slice(0, 12)}`,
    exited,
    async stop({ graceMs = 10_000 } = {}) {
      await container.stop({ t: Math.ceil(graceMs / 1000) }).catch(() => undefined);
      await exited;
    },
  };
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'run'
  );
}

/** `512m`, `2g`, `1048576` → bytes. */
export function parseMemory(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(value.trim());
  if (!match) throw new RangeError(`"${value}" is not a memory size; use bytes or e.g. 512m, 2g.`);
  const factor = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase()]!;
  return Math.round(Number(match[1]) * factor);
}

/** The engine's own message (dockerode keeps the engine's JSON answer in `json`). */
function engineMessage(error: unknown): string {
  const json = (error as { json?: { message?: string } | string })?.json;
  if (json && typeof json === 'object' && json.message) return json.message;
  if (typeof json === 'string' && json.trim()) return json.trim();
  return error instanceof Error ? error.message : String(error);
}

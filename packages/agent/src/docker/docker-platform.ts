import { setTimeout as sleep } from 'node:timers/promises';
import { type ContainerLaunch, type RegistryCredentials, RUN_ENVIRONMENT } from '@headwater/core';
import Dockerode from 'dockerode';
import type { AgentLogger } from '../agent-logger.js';
import type { AgentPlatformV2, DeployedRun, FlowRunDeployment } from '../agent-platform.js';
import { AgentPlatformError } from '../errors/agent-platform-error.js';
import { CONTAINER_LABELS, runContainerName, standbyContainerName } from './container-identity.js';
import type {
  DockerAgentContainer,
  DockerAgentContainerOptions,
  DockerAgentEngine,
} from './docker-engine.js';
import { engineMessage, isMissingImage } from './engine-errors.js';
import { ImagePuller } from './image-puller.js';
import { parseMemory } from './parse-memory.js';
import { StandbyContainer } from './standby-container.js';
import { StandbyPool } from './standby-pool.js';
import { WatchedContainer, type WatchOptions } from './watched-container.js';

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
  /**
   * The command run in the image; a command of your own gets no standby containers (it may
   * not know `--standby`).
   * @default the one the flow's storage gives (`headwater execute flow-run`)
   */
  command?: readonly string[];
  /** Extra container labels. */
  containerLabels?: Readonly<Record<string, string>>;
  /** Lines of a run's output kept to explain a failure. @default 50 */
  logTailLines?: number;
  /** Receives every line a run prints. */
  output?: (line: string, run: FlowRunDeployment) => void;
  /** Where pull notes go. */
  logger?: AgentLogger;
  /**
   * Standby containers kept at most, over all images. Once a run of a flow image is under
   * way, the agent starts a container of the same image, command and run variables with
   * `--standby` (labelled `io.headwater.standby`): it loads the flow and waits on stdin, and
   * the flow's next run is handed to it, so that run skips the container's creation, start
   * and the flow's loading. One per flow image; each runs one run. `0` turns this off.
   * @default 2
   */
  standbyContainers?: number;
  /** How long a standby container waits for a run, from when it started, before it is removed. @default 60000 */
  standbyIdleTimeoutMs?: number;
}

const TYPE = 'DockerAgent';

/** What a standby container's command gets last. */
const STANDBY_FLAG = '--standby';

/** How long after a run started (or when it ends, if sooner) its flow's next standby starts: they do not race for the CPU. */
const STANDBY_DELAY_MS = 1000;

/** Standbys of one flow image that may die unused in a row (e.g. a runtime too old for `--standby`) before it gets no more. */
const STANDBY_DEATHS = 3;

/**
 * Runs each flow run whose storage launches a container (Docker storage) in its own
 * container: pulls the image (with the registry's credentials), starts the storage's command
 * with the run environment, labels the container with the run and flow ids, and removes it
 * after it exits. An image that cannot be pulled or a container that cannot start is refused
 * with the engine's own message.
 *
 * A run of a flow image that has a standby container is handed to it on stdin instead (see
 * {@link DockerPlatformOptions.standbyContainers}); a standby that exited before its run came
 * is never handed one, and the run gets a container of its own.
 */
export function createDockerPlatform(options: DockerPlatformOptions = {}): AgentPlatformV2 {
  return new DockerPlatform(options);
}

class DockerPlatform implements AgentPlatformV2 {
  readonly specificationVersion = 'v2';
  readonly type = TYPE;
  readonly launchKinds = ['container'] as const;
  readonly #options: DockerPlatformOptions;
  readonly #docker: DockerAgentEngine;
  readonly #memory: number | undefined;
  readonly #watch: WatchOptions;
  readonly #images: ImagePuller;
  readonly #standbys: StandbyPool;
  /** Standbys by key that died unused, in a row. */
  readonly #deaths = new Map<string, number>();
  #closed = false;

  constructor(options: DockerPlatformOptions) {
    this.#options = options;
    this.#docker = options.docker ?? new Dockerode();
    this.#memory = options.memory === undefined ? undefined : parseMemory(options.memory);
    this.#watch = { tailSize: options.logTailLines ?? 50, output: options.output };
    this.#images = new ImagePuller(this.#docker, options);
    this.#standbys = new StandbyPool({
      size: options.standbyContainers ?? 2,
      idleMs: options.standbyIdleTimeoutMs ?? 60_000,
    });
  }

  async check({ signal }: { signal?: AbortSignal } = {}): Promise<void> {
    try {
      signal?.throwIfAborted();
      await this.#docker.ping();
    } catch (cause) {
      throw new AgentPlatformError({
        platform: TYPE,
        message: `The Docker engine did not answer (${engineMessage(cause)}). Start Docker, or point DOCKER_HOST at a running engine.`,
        cause,
      });
    }
  }

  async deploy(run: FlowRunDeployment, { signal }: { signal?: AbortSignal } = {}): Promise<DeployedRun> {
    const launch = run.launch;
    if (launch.kind !== 'container') {
      throw refusal(
        run,
        `flow ${run.flowName} is started as a ${launch.kind}, and the Docker agent starts containers (use \`headwater agent start process\` for flows run as host processes).`,
      );
    }
    const key = this.#standbyKey(run, launch);
    const deployed =
      (key === undefined ? undefined : await this.#fromStandby(run, key)) ??
      (await this.#startFresh(run, launch, signal));
    if (key !== undefined) this.#afterStarted(deployed, () => this.#startStandby(run, launch, key));
    return deployed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#images.close();
    await this.#standbys.close();
  }

  /** What a standby for the run must match (flow, image, command, run variables but the id); undefined when it gets none. */
  #standbyKey(run: FlowRunDeployment, launch: ContainerLaunch): string | undefined {
    if ((this.#options.standbyContainers ?? 2) <= 0 || this.#options.command) return undefined;
    const env = Object.entries(standbyEnv(run)).sort();
    return JSON.stringify([run.flowId, launch.image, launch.command, env]);
  }

  /** The run handed to the standby of `key`, if there is one that is running. */
  async #fromStandby(run: FlowRunDeployment, key: string): Promise<DeployedRun | undefined> {
    const standby = this.#standbys.take(key);
    if (!standby) return undefined;
    const deployed = await standby.handOver(run);
    if (!deployed) {
      this.#died(key);
      return undefined;
    }
    this.#deaths.delete(key);
    this.#options.logger?.debug(
      `Flow run ${run.flowRunName} (${run.flowRunId}) was handed to the standby ${deployed.id}.`,
    );
    return deployed;
  }

  /** Pulls the image (once per flow version), then creates and starts the run's own container. */
  async #startFresh(run: FlowRunDeployment, launch: ContainerLaunch, signal?: AbortSignal) {
    await this.#imageOnHost(run, launch, signal);
    const container = await this.#create(run, launch, signal);
    try {
      const watched = await WatchedContainer.attach(this.#docker, container, this.#watch);
      await watched.start();
      return watched.deployed(run);
    } catch (cause) {
      await container.remove({ force: true }).catch(() => undefined);
      throw refusal(run, `could not start a container from ${launch.image}: ${engineMessage(cause)}`, cause);
    }
  }

  async #imageOnHost(run: FlowRunDeployment, launch: ContainerLaunch, signal?: AbortSignal): Promise<void> {
    const { image, registry } = launch;
    if ((this.#options.pull ?? true) && registry) {
      try {
        await this.#images.pulled(run, launch, registry, signal);
      } catch (cause) {
        if (signal?.aborted) throw cause;
        throw refusal(run, `could not pull image ${image} from ${registry}: ${engineMessage(cause)}`, cause);
      }
    } else if (!(await this.#images.hasImage(image))) {
      throw refusal(
        run,
        `image ${image} is not on this Docker host${registry ? ' and pulling is off (--no-pull)' : ' and has no registry to pull it from'}.`,
      );
    }
  }

  async #create(
    run: FlowRunDeployment,
    launch: ContainerLaunch,
    signal?: AbortSignal,
  ): Promise<DockerAgentContainer> {
    const options = this.#runContainer(run, launch);
    const { registry } = launch;
    try {
      return await this.#docker.createContainer(options).catch(async (cause: unknown) => {
        // The image was pulled for an earlier run and removed from the host since: pull it again.
        if (!((this.#options.pull ?? true) && registry && isMissingImage(cause))) throw cause;
        await this.#images.pullAgain(run, launch, registry, signal);
        return this.#docker.createContainer(options);
      });
    } catch (cause) {
      throw refusal(run, `could not create a container from ${launch.image}: ${engineMessage(cause)}`, cause);
    }
  }

  #runContainer(run: FlowRunDeployment, launch: ContainerLaunch): DockerAgentContainerOptions {
    return {
      name: runContainerName(run.flowRunName),
      Image: launch.image,
      Cmd: [...(this.#options.command ?? launch.command)],
      Env: envEntries(run.env),
      Labels: {
        ...this.#options.containerLabels,
        [CONTAINER_LABELS.flowRunId]: run.flowRunId,
        [CONTAINER_LABELS.flowId]: run.flowId,
        [CONTAINER_LABELS.flowRunName]: run.flowRunName,
      },
      HostConfig: this.#hostConfig(),
    };
  }

  /** A container like the run's, but for the flow's next run: no run id, `--standby`, stdin open. */
  #standbyContainer(run: FlowRunDeployment, launch: ContainerLaunch): DockerAgentContainerOptions {
    return {
      name: standbyContainerName(),
      Image: launch.image,
      Cmd: [...launch.command, STANDBY_FLAG],
      Env: envEntries(standbyEnv(run)),
      Labels: {
        ...this.#options.containerLabels,
        [CONTAINER_LABELS.flowId]: run.flowId,
        [CONTAINER_LABELS.standby]: 'true',
      },
      OpenStdin: true,
      StdinOnce: true,
      HostConfig: this.#hostConfig(),
    };
  }

  #hostConfig(): DockerAgentContainerOptions['HostConfig'] {
    const { cpus } = this.#options;
    return {
      NetworkMode: this.#options.networkMode ?? 'host',
      AutoRemove: true,
      ...(cpus ? { NanoCpus: Math.round(cpus * 1e9) } : {}),
      ...(this.#memory ? { Memory: this.#memory } : {}),
    };
  }

  /** Calls `then` {@link STANDBY_DELAY_MS} after the run started, or when it ends if sooner. */
  #afterStarted(deployed: DeployedRun, then: () => void): void {
    void Promise.race([deployed.exited, sleep(STANDBY_DELAY_MS, undefined, { ref: false })]).then(then);
  }

  #startStandby(run: FlowRunDeployment, launch: ContainerLaunch, key: string): void {
    if (this.#closed || this.#standbys.has(key) || (this.#deaths.get(key) ?? 0) >= STANDBY_DEATHS) return;
    const standby = StandbyContainer.start(this.#docker, {
      key,
      create: this.#standbyContainer(run, launch),
      watch: this.#watch,
      onDied: (died) => {
        this.#standbys.remove(died);
        this.#died(key);
      },
    });
    this.#standbys.add(standby);
  }

  #died(key: string): void {
    this.#deaths.set(key, (this.#deaths.get(key) ?? 0) + 1);
  }
}

function refusal(run: FlowRunDeployment, reason: string, cause?: unknown): AgentPlatformError {
  return new AgentPlatformError({ platform: TYPE, flowRunId: run.flowRunId, message: reason, cause });
}

/** The run variables but the run id, which a standby gets on stdin. */
function standbyEnv(run: FlowRunDeployment): Record<string, string> {
  const { [RUN_ENVIRONMENT.flowRunId]: _runId, ...env } = run.env;
  return env;
}

const envEntries = (env: Readonly<Record<string, string>>) =>
  Object.entries(env).map(([key, value]) => `${key}=${value}`);

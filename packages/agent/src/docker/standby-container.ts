import type { DeployedRun, FlowRunDeployment } from '../agent-platform.js';
import { runContainerName } from './container-identity.js';
import type { DockerAgentContainerOptions, DockerAgentEngine } from './docker-engine.js';
import { WatchedContainer, type WatchOptions } from './watched-container.js';

/** What a {@link StandbyContainer} is started with. */
export interface StandbyStart {
  /** The image, command and run variables (without the run id) it serves, as a key. */
  key: string;
  /** The container, created with `--standby` after the command and stdin open. */
  create: DockerAgentContainerOptions;
  watch: Omit<WatchOptions, 'stdin'>;
  /** Called once if the container could not start, or exited before it was handed a run or discarded. */
  onDied: (standby: StandbyContainer) => void;
}

/**
 * A container started ahead of a run (`<command> --standby`): it loads the flow, then waits
 * for its run on stdin (the flow run id on a line, then the claimed flow run as JSON or an
 * empty line; see `standbyHandovers` in `@headwater/runtime`). It runs that one run and exits,
 * as a container started for the run would. Its stdin is the agent's attached connection, so
 * an agent that goes away leaves no standby waiting: stdin closes, and the container exits.
 */
export class StandbyContainer {
  readonly key: string;
  readonly #ready: Promise<WatchedContainer | undefined>;
  #settled = false;

  private constructor(key: string, ready: Promise<WatchedContainer | undefined>) {
    this.key = key;
    this.#ready = ready;
  }

  /** Creates and starts a standby container; failures show as {@link StandbyStart.onDied}. */
  static start(docker: DockerAgentEngine, start: StandbyStart): StandbyContainer {
    let standby: StandbyContainer | undefined;
    const died = () => {
      if (standby && !standby.#settled) start.onDied(standby);
    };
    const ready = startWatched(docker, start).then(
      (watched) => {
        void watched.exited.then(died);
        return watched;
      },
      () => {
        queueMicrotask(died);
        return undefined;
      },
    );
    standby = new StandbyContainer(start.key, ready);
    return standby;
  }

  /** Settles once the container started, or failed to (the wait for its run begins then). */
  get started(): Promise<void> {
    return this.#ready.then(() => undefined);
  }

  /**
   * Hands `run` to the container (awaiting its start if it is still starting) and renames it
   * after the run; undefined when it is not running (it died: it never gets a run).
   */
  async handOver(run: FlowRunDeployment): Promise<DeployedRun | undefined> {
    this.#settled = true;
    const watched = await this.#ready;
    if (!watched?.running) return undefined;
    const deployed = watched.deployed(run);
    watched.endStdin(`${run.flowRunId}\n${run.flowRun ? JSON.stringify(run.flowRun) : ''}\n`);
    await watched.container.rename({ name: runContainerName(run.flowRunName) }).catch(() => undefined);
    return deployed;
  }

  /** Removes the container, which never gets a run. */
  async discard(): Promise<void> {
    this.#settled = true;
    const watched = await this.#ready;
    await watched?.container.remove({ force: true }).catch(() => undefined);
  }
}

async function startWatched(docker: DockerAgentEngine, start: StandbyStart): Promise<WatchedContainer> {
  const container = await docker.createContainer(start.create);
  try {
    const watched = await WatchedContainer.attach(docker, container, { ...start.watch, stdin: true });
    await watched.start();
    return watched;
  } catch (cause) {
    await container.remove({ force: true }).catch(() => undefined);
    throw cause;
  }
}

import type { FlowRunInfo } from '@headwater/client';
import type {
  FlowLaunch,
  FlowLaunchKind,
  LaunchedRun,
  RunExit,
  SerializedEnvironment,
  SerializedStorage,
} from '@headwater/core';

/** A flow run an agent claimed and now asks its platform to start. */
export interface FlowRunDeployment {
  flowRunId: string;
  flowRunName: string;
  flowId: string;
  flowName: string;
  /** The flow's storage as registered. */
  storage: SerializedStorage;
  /** How the flow's storage says to start the run (`StorageBackendV2.launch`). */
  launch: FlowLaunch;
  /** The flow's environment as registered. */
  environment: SerializedEnvironment | null;
  /**
   * The variables the run needs (`RUN_ENVIRONMENT` in `@headwater/core`): API URL, token,
   * flow run id, logging settings. Platforms pass them to the process or container as they are.
   */
  env: Readonly<Record<string, string>>;
  /**
   * The flow run as the claim handed it, which is what its process reads from the API before
   * anything else: a platform that can pass it on (a warm process's stdin) saves the run that
   * request. Absent when the agent claimed through an older API.
   */
  flowRun?: FlowRunInfo;
}

/** A flow run the platform started (core's `LaunchedRun`). */
export type DeployedRun = LaunchedRun;

export type { RunExit };

/** What an agent tells its platform as it starts a run. */
export interface DeployOptions {
  /** Aborted when the agent stops at once: give up starting the run. */
  signal?: AbortSignal;
  /**
   * How many more runs the agent could start now (its free slots), asked when the platform
   * decides whether to prepare the next run ahead of time (a standby process or container):
   * while it is 0, a run can only come once one ends.
   * @default unknown: prepare as if there were room
   */
  freeSlots?: () => number;
}

/**
 * Where an agent runs flow runs: Docker containers, child processes, or a third-party
 * platform. Returned by a factory; the agent loop (polling, claiming, asking each run's
 * storage how to start it, failure reporting) is the same for all. Runs whose storage
 * starts them itself (`custom` launches) never reach the platform.
 *
 * @example
 * ```ts
 * const platform: AgentPlatformV2 = {
 *   specificationVersion: 'v2',
 *   type: 'MyAgent',
 *   launchKinds: ['container'],
 *   async deploy(run) {
 *     if (run.launch.kind !== 'container') throw new Error('containers only');
 *     const job = await myScheduler.submit({ image: run.launch.image, env: run.env });
 *     return { id: job.id, exited: job.done, stop: () => job.cancel() };
 *   },
 * };
 * await new Agent({ platform, token }).start();
 * ```
 */
export interface AgentPlatformV2 {
  readonly specificationVersion: 'v2';
  /** The agent type registered with the API, e.g. `DockerAgent`, `ProcessAgent`. */
  readonly type: string;
  /** The launches this platform starts: the agent takes only runs whose storage launches one of these (or `custom`). */
  readonly launchKinds: readonly Exclude<FlowLaunchKind, 'custom'>[];
  /** Checks the platform is usable before polling starts; throws an error saying what to fix. */
  check?(options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Starts a run; resolves once it is running (image pulled, container started). Rejects
   * with the platform's own reason (an `AgentPlatformError`) when it refuses; the agent then
   * fails the run and writes the reason to its logs.
   */
  deploy(run: FlowRunDeployment, options?: DeployOptions): Promise<DeployedRun>;
  /**
   * The flows this platform has a run process (or container) waiting for with the flow already
   * loaded, each once per such process. The agent's claims hand that many runs of each already
   * Running (the API writes Submitted, then Running), and `deploy` must then start them in those
   * processes at once: a process that went away meanwhile is replaced by a new one, which adopts
   * the Running run. Leave it out when runs load their flow only once deployed.
   */
  loadedFlowIds?(): readonly string[];
  /** Releases what the platform holds (connections, warm processes). */
  close?(): Promise<void>;
}

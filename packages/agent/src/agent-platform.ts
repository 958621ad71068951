import type { SerializedEnvironment, SerializedStorage } from '@headwater/core';

/** A flow run an agent claimed and now asks its platform to start. */
export interface FlowRunDeployment {
  flowRunId: string;
  flowRunName: string;
  flowId: string;
  flowName: string;
  /** The flow's storage as registered (for Docker: the image). */
  storage: SerializedStorage;
  /** The flow's environment as registered. */
  environment: SerializedEnvironment | null;
  /**
   * The variables the run needs (`RUN_ENVIRONMENT` in `@headwater/core`): API URL, token,
   * flow run id, logging settings. Platforms pass them to the process or container as they are.
   */
  env: Readonly<Record<string, string>>;
}

/** How a deployed run ended, as the platform saw it. */
export interface RunExit {
  /** Exit code of the process or container; null when it was killed by a signal. */
  exitCode: number | null;
  /** The signal that ended it, if any. */
  signal: string | null;
  /** Its last output lines (stdout and stderr interleaved), oldest first. */
  logTail: readonly string[];
}

/** A flow run the platform started. */
export interface DeployedRun {
  /** Platform id, e.g. a container id or `pid 1234`. */
  readonly id: string;
  /** Settles when the run's process or container is gone (and cleaned up). Never rejects. */
  readonly exited: Promise<RunExit>;
  /** Asks it to stop (SIGTERM), and kills it after `graceMs`. Resolves once it is gone. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Where an agent runs flow runs: Docker containers, child processes, or a third-party
 * platform. Returned by a factory; the agent loop (polling, claiming, failure reporting) is
 * the same for all.
 *
 * @example
 * ```ts
 * const platform: AgentPlatformV1 = {
 *   specificationVersion: 'v1',
 *   type: 'MyAgent',
 *   async deploy(run) {
 *     const job = await myScheduler.submit({ image: String(run.storage.image_name), env: run.env });
 *     return { id: job.id, exited: job.done, stop: () => job.cancel() };
 *   },
 * };
 * await new Agent({ platform, token }).start();
 * ```
 */
export interface AgentPlatformV1 {
  readonly specificationVersion: 'v1';
  /** The agent type registered with the API, e.g. `DockerAgent`, `ProcessAgent`. */
  readonly type: string;
  /** Checks the platform is usable before polling starts; throws an error saying what to fix. */
  check?(options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Starts a run; resolves once it is running (image pulled, container started). Rejects
   * with the platform's own reason (an `AgentPlatformError`) when it refuses; the agent then
   * fails the run and writes the reason to its logs.
   */
  deploy(run: FlowRunDeployment, options?: { signal?: AbortSignal }): Promise<DeployedRun>;
  /** Releases what the platform holds (connections). */
  close?(): Promise<void>;
}

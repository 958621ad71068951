/**
 * How an agent starts a run of a stored flow. A storage backend answers
 * {@link StorageBackendV2.launch} with one of these; an agent runs only the kinds its platform
 * supports (the process agent: `process` and `custom`; the Docker agent: `container` and
 * `custom`), so a run goes only to agents that can start it.
 */
export type FlowLaunch = ProcessLaunch | ContainerLaunch | CustomLaunch;

/** The kinds of {@link FlowLaunch}: what kind of agent a storage's runs need. */
export type FlowLaunchKind = FlowLaunch['kind'];

/**
 * A run is a process on the agent's host, e.g. `node <bundle>/entry.mjs execute flow-run`
 * in the bundle's directory. The agent adds the run's variables (`RUN_ENVIRONMENT`) to its
 * environment and watches its exit code.
 *
 * @example
 * ```ts
 * { kind: 'process', command: 'node', args: ['--enable-source-maps', '/srv/flows/etl/entry.mjs', 'execute', 'flow-run'],
 *   cwd: '/srv/flows/etl', standby: true, stamp: '/srv/flows/etl/entry.mjs' }
 * ```
 */
export interface ProcessLaunch {
  readonly kind: 'process';
  /** The program to run; `node` is the Node.js the agent itself runs on. */
  readonly command: string;
  readonly args: readonly string[];
  /** The run process's working directory (absolute). */
  readonly cwd: string;
  /**
   * The command, given `--standby` as a last argument, loads the flow and then reads the
   * flow run id from its stdin, so agents may start it ahead of the run (a warm process).
   * A second line on stdin, when there is one, is the flow run as the agent's claim returned
   * it (JSON). Before `--standby` comes `--started-fd=<n>`: writing a line on that inherited
   * descriptor once the run is Running tells the agent to start the flow's next warm process;
   * a command may ignore both. Given `--reuse` after `--standby`, a command may run several
   * runs one after another: it says `reusable` on that descriptor when loaded, `finished
   * <exit code>` after each run, and then reads the next run from stdin (until stdin ends).
   * @default false
   */
  readonly standby?: boolean;
  /**
   * A file that changes when the flow is rebuilt: a warm process started before it changed
   * is never handed a run.
   */
  readonly stamp?: string;
}

/** Credentials for a registry: a user and password, or an identity token. */
export type RegistryCredentials = { username: string; password: string } | { identityToken: string };

/**
 * A run is a container from an image (Docker storage). The agent pulls the image from
 * `registry` (with `credentials`), starts `command` in it with the run's variables, and
 * removes it after it exits.
 *
 * @example
 * ```ts
 * { kind: 'container', image: '127.0.0.1:5000/etl:3f2a…', registry: '127.0.0.1:5000',
 *   command: ['node', '--enable-source-maps', '/opt/headwater/entry.mjs', 'execute', 'flow-run'] }
 * ```
 */
export interface ContainerLaunch {
  readonly kind: 'container';
  /** What `docker run` takes, e.g. `127.0.0.1:5000/etl:3f2a…`. */
  readonly image: string;
  readonly command: readonly string[];
  /** The registry host the image is pulled from; absent for an image that was never pushed. */
  readonly registry?: string;
  /**
   * The credentials for `registry` this host has (e.g. from Docker's `config.json` in
   * `configDirectory`); `undefined` pulls anonymously.
   */
  credentials?(options?: { configDirectory?: string }): Promise<RegistryCredentials | undefined>;
}

/** What a {@link CustomLaunch} is started with. */
export interface LaunchContext {
  readonly flowRunId: string;
  readonly flowRunName: string;
  /** The run's variables (`RUN_ENVIRONMENT` in `@headwater/core`): hand them to the run as they are. */
  readonly env: Readonly<Record<string, string>>;
  /** Aborted when the agent stops before the run started. */
  readonly signal?: AbortSignal;
  /** Receives every line the run prints, if the launcher can see them. */
  output?(line: string): void;
}

/** How a started run ended, as its launcher saw it. */
export interface RunExit {
  /** The exit code; null when the run was killed by a signal. */
  exitCode: number | null;
  /** The signal that ended it, if any. */
  signal: string | null;
  /** Its last output lines, oldest first. */
  logTail: readonly string[];
}

/** A run that was started. */
export interface LaunchedRun {
  /** Where it runs, for logs: a container id, `pid 1234`, a job name. */
  readonly id: string;
  /** Settles when the run is over (and cleaned up). Never rejects. */
  readonly exited: Promise<RunExit>;
  /** Asks the run to stop, and forces it after `graceMs`; resolves once it is gone. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/**
 * The storage starts runs itself (a job scheduler, a remote machine): any agent calls
 * `start`, which resolves once the run is running.
 *
 * @example
 * ```ts
 * { kind: 'custom', async start({ env }) {
 *   const job = await scheduler.submit({ bundle: location, env });
 *   return { id: job.id, exited: job.done, stop: () => job.cancel() };
 * } }
 * ```
 */
export interface CustomLaunch {
  readonly kind: 'custom';
  start(context: LaunchContext): Promise<LaunchedRun>;
}

import { type ChildProcess, spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import module from 'node:module';
import { type ProcessLaunch, RUN_ENVIRONMENT } from '@headwater/core';
import type { AgentPlatformV2, DeployedRun, DeployOptions, FlowRunDeployment } from '../agent-platform.js';
import { AgentPlatformError } from '../errors/agent-platform-error.js';
import { type Handover, RunProcess, SIGNAL_FD } from './run-process.js';
import { WarmPool, type WarmProcess } from './warm-pool.js';

/**
 * Options of {@link createProcessPlatform}.
 *
 * @example
 * ```ts
 * const agent = new Agent({ platform: createProcessPlatform({ output: (line) => console.log(line) }) });
 * ```
 */
export interface ProcessPlatformOptions {
  /**
   * The Node executable that runs flows.
   * @default process.execPath
   */
  node?: string;
  /**
   * Pass the agent's own environment to runs (the run variables always win).
   * @default true
   */
  inheritEnv?: boolean;
  /** Lines of a run's output kept to explain a failure. @default 50 */
  logTailLines?: number;
  /** Receives every line a run prints (e.g. to show it in the agent's terminal). */
  output?: (line: string, run: FlowRunDeployment) => void;
  /**
   * Processes kept started and loaded, one per recently run flow bundle, each waiting for
   * the next run of its flow: that run skips Node's start-up and the bundle's loading. A
   * rebuilt bundle is never run by a process that loaded the old one. `0` turns this off.
   * @default 2
   */
  warmProcesses?: number;
  /**
   * Where run processes keep Node's compiled code between runs (`NODE_COMPILE_CACHE`), so
   * a process loads its bundle without compiling it all again; `false` leaves it to the
   * environment (a `NODE_COMPILE_CACHE` the agent's environment sets always wins).
   * @default the agent's own compile cache, when its Node keeps one (the `headwater` CLI does)
   */
  compileCache?: string | false;
  /**
   * A process that finished a run runs the next run of its flow, as long as the run left it
   * as it found it (no timers, sockets or child processes still active, no new globals,
   * environment variables, working directory or process listeners) and it ran fewer than
   * 100: each run imports the flow modules afresh, so no run sees module state another one
   * left. `false`: every process runs one run.
   * @default true
   */
  reuseProcesses?: boolean;
  /** Processes that finished a run kept waiting for their flow's next run, at most. @default 10 */
  idleProcesses?: number;
  /** How long a process that finished a run waits for the next before it ends. @default 60000 */
  idleTimeoutMs?: number;
}

/** Standbys of one flow that may die in a row, each replaced, before the flow gets none until its next run. */
const STANDBY_REPLACEMENTS = 3;

/** How long a handed-over run that never says it started (an older runtime) holds back its flow's next standby. */
const STARTED_FALLBACK_MS = 1000;

/** How long a new process may take to load and say it runs several runs before it gets one run only. */
const REUSABLE_WITHIN_MS = 5000;

const TYPE = 'ProcessAgent';

/**
 * Runs each flow run whose storage launches a host process (Local storage, and plugins
 * like it) as a child process on this host, as the storage says (`node <bundle>/entry.mjs
 * execute flow-run` in the bundle's directory for Local storage): no Docker needed. Each run
 * gets its own process group, so a Ctrl-C in the agent's terminal reaches the agent only, and
 * stopping a run stops everything it started.
 *
 * A storage whose launch has `standby` gets warm processes: a started process for the next run
 * of a flow loads the flow, then waits for its run on stdin (the id, and the flow run as the
 * claim returned it, so the run starts without reading it). A run handed to a warm process
 * gets its flow's next one once it says it is Running (`--started-fd`), so the two never race
 * for the CPU. A process runs one run at a time; with `reuseProcesses` it then takes the next
 * run of its flow, with the flow modules imported afresh, if the run left nothing behind (else
 * it exits). A warm process that dies before it is used is replaced. The flows of the processes
 * that loaded them and wait (`loadedFlowIds`) are what the agent's claims ask to have handed
 * already Running: such a run costs its process no state write before its first task.
 */
export function createProcessPlatform(options: ProcessPlatformOptions = {}): AgentPlatformV2 {
  return new ProcessPlatform(options);
}

/** What a pooled process is, apart from the process itself. */
type LaunchEntry = Omit<WarmProcess, 'process' | 'reused'>;

class ProcessPlatform implements AgentPlatformV2 {
  readonly specificationVersion = 'v2';
  readonly type = TYPE;
  readonly launchKinds = ['process'] as const;
  readonly #options: ProcessPlatformOptions;
  readonly #warmLimit: number;
  readonly #reuse: boolean;
  readonly #compileCache: string | false | undefined;
  readonly #pool: WarmPool;
  /** Warm processes by launch key that died unused, in a row. */
  readonly #deaths = new Map<string, number>();
  /** Launches (key and stamp) whose processes said they run several runs, or did not in time. */
  readonly #reusableLaunches = new Set<string>();
  readonly #singleRunLaunches = new Set<string>();
  /** Launches whose last used process ended by itself (a run left work behind, it failed, it ran its last). */
  readonly #endedAfterRun = new Set<string>();
  #closed = false;

  constructor(options: ProcessPlatformOptions) {
    this.#options = options;
    this.#warmLimit = options.warmProcesses ?? 2;
    this.#reuse = options.reuseProcesses ?? true;
    this.#compileCache = options.compileCache ?? agentCompileCache();
    this.#pool = new WarmPool({
      standbys: this.#warmLimit,
      reused: this.#reuse ? (options.idleProcesses ?? 10) : 0,
      idleMs: options.idleTimeoutMs ?? 60_000,
    });
  }

  async deploy(run: FlowRunDeployment, options: DeployOptions = {}): Promise<DeployedRun> {
    const launch = run.launch;
    if (launch.kind !== 'process') {
      throw new AgentPlatformError({
        platform: TYPE,
        flowRunId: run.flowRunId,
        message: `flow ${run.flowName} is started as a ${launch.kind}, and the process agent starts host processes (use \`headwater agent start docker\` for flows in container images).`,
      });
    }
    const entry = this.#entry(launch, run, launch.stamp ? await stampOf(launch.stamp) : 0);
    const pooled = launch.standby === true && (this.#warmLimit > 0 || this.#reuse);
    const warm = pooled ? this.#takeWarm(entry) : undefined;
    const { runProcess, deployed } = warm
      ? { runProcess: warm, deployed: warm.handOver(run, this.#handoverFor(entry)) }
      : await this.#startCold(entry, run);
    // The flow's next standby starts once this run is under way, so the two never race for the
    // CPU; and only when the agent could take another run meanwhile: with every slot taken, the
    // next run comes once one ends, and the process that ran it takes it.
    if (pooled && this.#warmLimit > 0) {
      afterStarted(runProcess, () => {
        if (this.#closed || this.#pool.has(entry.key)) return;
        if (options.freeSlots?.() === 0 && this.#takesNextRun(entry)) return;
        this.#startWarm(entry);
      });
    }
    return deployed;
  }

  loadedFlowIds(): readonly string[] {
    return this.#pool.loadedFlowIds();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#pool.close();
  }

  #program(launch: ProcessLaunch): string {
    return launch.command === 'node' ? (this.#options.node ?? process.execPath) : launch.command;
  }

  #processEnv(run: FlowRunDeployment): NodeJS.ProcessEnv {
    return {
      ...(this.#compileCache ? { NODE_COMPILE_CACHE: this.#compileCache } : {}),
      ...(this.#options.inheritEnv === false ? {} : process.env),
      ...run.env,
    };
  }

  /** What a process of `launch` for `run` is: a standby's environment lacks the run id (it comes on stdin). */
  #entry(launch: ProcessLaunch, run: FlowRunDeployment, stamped: number): LaunchEntry {
    const env = this.#processEnv(run);
    delete env[RUN_ENVIRONMENT.flowRunId];
    return { key: keyOf(launch), flowId: run.flowId, launch, env, stamped, envKey: envKeyOf(run) };
  }

  #newRunProcess(child: ChildProcess): RunProcess {
    return new RunProcess(child, {
      tailSize: this.#options.logTailLines ?? 50,
      output: this.#options.output,
    });
  }

  /** A loaded process for the entry's launch, waiting on stdin for runs; back in the pool after each it finished. */
  #spawnStandby(entry: LaunchEntry): RunProcess {
    const { launch } = entry;
    const args = [
      ...launch.args,
      `--started-fd=${SIGNAL_FD}`,
      '--standby',
      ...(this.#reuse ? ['--reuse'] : []),
    ];
    const runProcess = this.#newRunProcess(
      spawn(this.#program(launch), args, {
        cwd: launch.cwd,
        env: entry.env,
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
        detached: true,
      }),
    );
    runProcess.onReusable(() => this.#reusableLaunches.add(launchStamp(entry)));
    runProcess.onIdle(() => {
      this.#endedAfterRun.delete(launchStamp(entry));
      if (this.#closed) runProcess.kill();
      else
        this.#pool.add({
          ...entry,
          flowId: runProcess.lastFlowId ?? entry.flowId,
          process: runProcess,
          reused: true,
        });
    });
    runProcess.child.once('exit', () => {
      if (runProcess.used && !runProcess.ended) this.#endedAfterRun.add(launchStamp(entry));
      this.#pool.remove(runProcess);
    });
    return runProcess;
  }

  /**
   * Whether the process a run of the entry's launch runs in can be expected to take the
   * launch's next run once it finished: its processes run several runs, and the last one used
   * did not end by itself.
   */
  #takesNextRun(entry: LaunchEntry): boolean {
    const stamp = launchStamp(entry);
    return this.#reuse && this.#reusableLaunches.has(stamp) && !this.#endedAfterRun.has(stamp);
  }

  /** Starts a standby for the next run of this launch; one that dies unused is replaced. */
  #startWarm(entry: LaunchEntry): void {
    const runProcess = this.#spawnStandby(entry);
    runProcess.child.once('error', () => this.#pool.remove(runProcess));
    runProcess.child.once('exit', () => {
      // Died unused (killed, crashed) rather than ended by the pool.
      if (runProcess.used || runProcess.ended) return;
      const died = (this.#deaths.get(entry.key) ?? 0) + 1;
      this.#deaths.set(entry.key, died);
      if (!this.#closed && died <= STANDBY_REPLACEMENTS) this.#startWarm(entry);
    });
    this.#pool.add({ ...entry, process: runProcess, reused: false });
  }

  /**
   * How a run is handed to a process of the entry's launch: whether it runs several runs, a
   * process of this launch said (this one will too, once loaded), or this one says once
   * loaded (a runtime that does not gets its stdin ended in time, and so do later processes
   * of the launch).
   */
  #handoverFor(entry: LaunchEntry): Handover {
    const stamp = launchStamp(entry);
    if (this.#reuse && this.#reusableLaunches.has(stamp)) return { last: false, reusable: true };
    return {
      last: !this.#reuse || this.#singleRunLaunches.has(stamp),
      decideWithinMs: REUSABLE_WITHIN_MS,
      onNotReusable: () => this.#singleRunLaunches.add(stamp),
    };
  }

  /** The pooled process of the entry's launch that loaded the current build with the same run variables. */
  #takeWarm(entry: LaunchEntry): RunProcess | undefined {
    const taken = this.#pool.take(
      entry.key,
      (candidate) => candidate.stamped === entry.stamped && candidate.envKey === entry.envKey,
    );
    if (taken) this.#deaths.delete(entry.key);
    return taken?.process;
  }

  /** Starts `run` in a new process: a standby handed the run at once when the launch has them. */
  async #startCold(
    entry: LaunchEntry,
    run: FlowRunDeployment,
  ): Promise<{ runProcess: RunProcess; deployed: DeployedRun }> {
    const { launch } = entry;
    const runProcess = launch.standby
      ? this.#spawnStandby(entry)
      : this.#newRunProcess(
          spawn(this.#program(launch), [...launch.args], {
            cwd: launch.cwd,
            env: this.#processEnv(run),
            stdio: ['ignore', 'pipe', 'pipe'],
            detached: true,
          }),
        );
    await new Promise<void>((resolve, reject) => {
      runProcess.child.once('spawn', resolve);
      runProcess.child.once('error', (cause) =>
        reject(
          new AgentPlatformError({
            platform: TYPE,
            flowRunId: run.flowRunId,
            message: `could not start ${this.#program(launch)} in ${launch.cwd}: ${cause.message}`,
            cause,
          }),
        ),
      );
    });
    if (!launch.standby) return { runProcess, deployed: runProcess.follow(run) };
    return { runProcess, deployed: runProcess.handOver(run, this.#handoverFor(entry)) };
  }
}

const keyOf = (launch: ProcessLaunch) => JSON.stringify([launch.command, launch.args, launch.cwd]);

/** A launch and the build its processes loaded. */
const launchStamp = (entry: LaunchEntry) => `${entry.key}@${entry.stamped}`;

/** The run variables apart from the run id. */
const envKeyOf = (run: FlowRunDeployment) =>
  JSON.stringify(
    Object.entries(run.env)
      .filter(([key]) => key !== RUN_ENVIRONMENT.flowRunId)
      .sort(),
  );

/** Calls `then` once: when `runProcess` says its run started, when the run ends, or after the fallback delay. */
function afterStarted(runProcess: RunProcess, then: () => void): void {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    clearTimeout(fallback);
    then();
  };
  const fallback = setTimeout(once, STARTED_FALLBACK_MS).unref();
  runProcess.whenStarted(once);
}

/** The directory this Node keeps compiled code in, if it keeps one (Node 22.8+ reports it). */
function agentCompileCache(): string | undefined {
  const dir = (module as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir;
  return dir?.();
}

/** When `file` was last written (0 when it is gone: the run will fail on its own). */
async function stampOf(file: string): Promise<number> {
  return (await stat(file).catch(() => undefined))?.mtimeMs ?? 0;
}

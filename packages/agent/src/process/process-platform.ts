import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import module from 'node:module';
import { type ProcessLaunch, RUN_ENVIRONMENT } from '@headwater/core';
import type { AgentPlatformV2, DeployedRun, FlowRunDeployment } from '../agent-platform.js';
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
 * it exits). A warm process that dies before it is used is replaced.
 */
export function createProcessPlatform(options: ProcessPlatformOptions = {}): AgentPlatformV2 {
  const node = options.node ?? process.execPath;
  const tailSize = options.logTailLines ?? 50;
  const warmLimit = options.warmProcesses ?? 2;
  const reuse = options.reuseProcesses ?? true;
  const pool = new WarmPool({
    standbys: warmLimit,
    reused: reuse ? (options.idleProcesses ?? 10) : 0,
    idleMs: options.idleTimeoutMs ?? 60_000,
  });
  /** Warm processes by launch key that died unused, in a row. */
  const deaths = new Map<string, number>();
  /** Launches (key and stamp) whose processes said they run several runs, or did not in time. */
  const reusableLaunches = new Set<string>();
  const singleRunLaunches = new Set<string>();
  let closed = false;
  const program = (launch: ProcessLaunch) => (launch.command === 'node' ? node : launch.command);
  const keyOf = (launch: ProcessLaunch) => JSON.stringify([launch.command, launch.args, launch.cwd]);

  const compileCache = options.compileCache ?? agentCompileCache();
  const processEnv = (run: FlowRunDeployment) => ({
    ...(compileCache ? { NODE_COMPILE_CACHE: compileCache } : {}),
    ...(options.inheritEnv === false ? {} : process.env),
    ...run.env,
  });
  /** A standby's environment: the run variables without the run id (it comes on stdin). */
  const standbyEnv = (run: FlowRunDeployment) => {
    const env: NodeJS.ProcessEnv = processEnv(run);
    delete env[RUN_ENVIRONMENT.flowRunId];
    return env;
  };
  const envKeyOf = (run: FlowRunDeployment) =>
    JSON.stringify(
      Object.entries(run.env)
        .filter(([key]) => key !== RUN_ENVIRONMENT.flowRunId)
        .sort(),
    );

  /** A loaded process for `launch`, waiting on stdin for runs; back in the pool after each it finished. */
  function spawnStandby(
    launch: ProcessLaunch,
    env: NodeJS.ProcessEnv,
    entry: Omit<WarmProcess, 'process' | 'reused'>,
  ): RunProcess {
    const args = [...launch.args, `--started-fd=${SIGNAL_FD}`, '--standby', ...(reuse ? ['--reuse'] : [])];
    const child = spawn(program(launch), args, {
      cwd: launch.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const runProcess = new RunProcess(child, { tailSize, output: options.output });
    const launchStamp = `${entry.key}@${entry.stamped}`;
    runProcess.onReusable(() => reusableLaunches.add(launchStamp));
    runProcess.onIdle(() => {
      if (closed) runProcess.kill();
      else pool.add({ ...entry, process: runProcess, reused: true });
    });
    child.once('exit', () => pool.remove(runProcess));
    return runProcess;
  }

  /** Starts a standby for the next run of this launch; one that dies unused is replaced. */
  function startWarm(entry: Omit<WarmProcess, 'process' | 'reused'>): void {
    const runProcess = spawnStandby(entry.launch, entry.env, entry);
    runProcess.child.once('error', () => pool.remove(runProcess));
    runProcess.child.once('exit', () => {
      // Died unused (killed, crashed) rather than ended by the pool.
      if (runProcess.used || runProcess.ended) return;
      const died = (deaths.get(entry.key) ?? 0) + 1;
      deaths.set(entry.key, died);
      if (!closed && died <= STANDBY_REPLACEMENTS) startWarm(entry);
    });
    pool.add({ ...entry, process: runProcess, reused: false });
  }

  function warmEntry(launch: ProcessLaunch, run: FlowRunDeployment, stamped: number) {
    return { key: keyOf(launch), launch, env: standbyEnv(run), stamped, envKey: envKeyOf(run) };
  }

  /** A process of this launch (and build) said it runs several runs: the others will too, once loaded. */
  const knownReusable = (launch: ProcessLaunch, stamped: number) =>
    reuse && reusableLaunches.has(`${keyOf(launch)}@${stamped}`);

  /**
   * How a run is handed to a process of `launch`: whether it runs several runs, a process of
   * this launch said (this one will too, once loaded), or this one says once loaded (a
   * runtime that does not gets its stdin ended in time, and so do later processes of the launch).
   */
  function handoverFor(launch: ProcessLaunch, stamped: number): Handover {
    const launchStamp = `${keyOf(launch)}@${stamped}`;
    if (knownReusable(launch, stamped)) return { last: false, reusable: true };
    return {
      last: !reuse || singleRunLaunches.has(launchStamp),
      decideWithinMs: REUSABLE_WITHIN_MS,
      onNotReusable: () => singleRunLaunches.add(launchStamp),
    };
  }

  /** The pooled process for `launch` that loaded the current flow with the same run variables. */
  function takeWarm(launch: ProcessLaunch, run: FlowRunDeployment, stamped: number): RunProcess | undefined {
    const key = keyOf(launch);
    const taken = pool.take(key, (entry) => entry.stamped === stamped && entry.envKey === envKeyOf(run));
    if (taken) deaths.delete(key);
    return taken?.process;
  }

  /** Starts `run` in a new process: a standby handed the run at once when the launch has them. */
  async function startCold(
    launch: ProcessLaunch,
    run: FlowRunDeployment,
    stamped: number,
  ): Promise<{ runProcess: RunProcess; deployed: DeployedRun }> {
    const refuse = (reason: string, cause?: unknown) =>
      new AgentPlatformError({ platform: TYPE, flowRunId: run.flowRunId, message: reason, cause });
    const entry = warmEntry(launch, run, stamped);
    const runProcess = launch.standby
      ? spawnStandby(launch, entry.env, entry)
      : new RunProcess(
          spawn(program(launch), [...launch.args], {
            cwd: launch.cwd,
            env: processEnv(run),
            stdio: ['ignore', 'pipe', 'pipe'],
            detached: true,
          }),
          { tailSize, output: options.output },
        );
    await new Promise<void>((resolve, reject) => {
      runProcess.child.once('spawn', resolve);
      runProcess.child.once('error', (cause) =>
        reject(refuse(`could not start ${program(launch)} in ${launch.cwd}: ${cause.message}`, cause)),
      );
    });
    if (!launch.standby) return { runProcess, deployed: runProcess.follow(run) };
    return { runProcess, deployed: runProcess.handOver(run, handoverFor(launch, stamped)) };
  }

  return {
    specificationVersion: 'v2',
    type: TYPE,
    launchKinds: ['process'],
    async deploy(run: FlowRunDeployment): Promise<DeployedRun> {
      const launch = run.launch;
      if (launch.kind !== 'process') {
        throw new AgentPlatformError({
          platform: TYPE,
          flowRunId: run.flowRunId,
          message: `flow ${run.flowName} is started as a ${launch.kind}, and the process agent starts host processes (use \`headwater agent start docker\` for flows in container images).`,
        });
      }
      const stamped = launch.stamp ? await stampOf(launch.stamp) : 0;
      const pooled = launch.standby === true && (warmLimit > 0 || reuse);
      const warm = pooled ? takeWarm(launch, run, stamped) : undefined;
      const { runProcess, deployed } = warm
        ? { runProcess: warm, deployed: warm.handOver(run, handoverFor(launch, stamped)) }
        : await startCold(launch, run, stamped);
      // The flow's next standby starts once this run is under way, so the two never race for the CPU.
      if (pooled && warmLimit > 0) {
        afterStarted(runProcess, () => {
          if (!closed && !pool.has(keyOf(launch))) startWarm(warmEntry(launch, run, stamped));
        });
      }
      return deployed;
    },
    async close() {
      closed = true;
      pool.close();
    },
  };
}

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

import { type ChildProcess, spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import module from 'node:module';
import { createInterface } from 'node:readline';
import { type ProcessLaunch, RUN_ENVIRONMENT } from '@headwater/core';
import type { AgentPlatformV2, DeployedRun, FlowRunDeployment, RunExit } from '../agent-platform.js';
import { AgentPlatformError } from '../errors/agent-platform-error.js';
import { OutputTail } from '../output-tail.js';

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
}

/** A started process that loaded a flow and waits on stdin for the id of the run to execute. */
interface WarmProcess {
  child: ChildProcess;
  launch: ProcessLaunch;
  /** Its environment: the run variables without the run id. */
  env: NodeJS.ProcessEnv;
  /** When the launch's stamp file was written, as the process loaded it. */
  stamped: number;
  /** The run variables (without the run id) it was started with. */
  envKey: string;
}

/** Standbys of one flow that may die in a row, each replaced, before the flow gets none until its next run. */
const STANDBY_REPLACEMENTS = 3;

/** The descriptor on which a standby process writes `started` once its run is Running. */
const STARTED_FD = 3;

/** How long a handed-over run that never says it started (an older runtime) holds back its flow's next standby. */
const STARTED_FALLBACK_MS = 1000;

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
 * for the CPU. A process runs at most one run and exits after it, so runs share no state; a
 * warm process that dies before it is used is replaced.
 */
export function createProcessPlatform(options: ProcessPlatformOptions = {}): AgentPlatformV2 {
  const node = options.node ?? process.execPath;
  const tailSize = options.logTailLines ?? 50;
  const warmLimit = options.warmProcesses ?? 2;
  /** Warm processes by launch key, least recently used first. */
  const warm = new Map<string, WarmProcess>();
  /** Warm processes by launch key that died unused, in a row. */
  const deaths = new Map<string, number>();
  let closed = false;
  const program = (launch: ProcessLaunch) => (launch.command === 'node' ? node : launch.command);
  const keyOf = (launch: ProcessLaunch) => JSON.stringify([launch.command, launch.args, launch.cwd]);

  const compileCache = options.compileCache ?? agentCompileCache();
  const processEnv = (run: FlowRunDeployment) => ({
    ...(compileCache ? { NODE_COMPILE_CACHE: compileCache } : {}),
    ...(options.inheritEnv === false ? {} : process.env),
    ...run.env,
  });
  const envKeyOf = (run: FlowRunDeployment) =>
    JSON.stringify(
      Object.entries(run.env)
        .filter(([key]) => key !== RUN_ENVIRONMENT.flowRunId)
        .sort(),
    );

  /** Starts a process for the next run of this launch, evicting the least recently used one beyond the limit. */
  function startWarm(launch: ProcessLaunch, env: NodeJS.ProcessEnv, stamped: number, envKey: string): void {
    const key = keyOf(launch);
    const child = spawn(program(launch), [...launch.args, `--started-fd=${STARTED_FD}`, '--standby'], {
      cwd: launch.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    child.once('error', () => {
      if (warm.get(key)?.child === child) warm.delete(key);
    });
    child.once('exit', () => {
      if (warm.get(key)?.child !== child) return;
      // Died unused (killed, crashed): replaced, unless its flow's standbys keep dying.
      warm.delete(key);
      const died = (deaths.get(key) ?? 0) + 1;
      deaths.set(key, died);
      if (!closed && died <= STANDBY_REPLACEMENTS) startWarm(launch, env, stamped, envKey);
    });
    warm.delete(key);
    warm.set(key, { child, launch, env, stamped, envKey });
    while (warm.size > warmLimit) {
      const [oldest, evicted] = warm.entries().next().value!;
      warm.delete(oldest);
      evicted.child.kill('SIGTERM');
    }
  }

  function prepareWarm(launch: ProcessLaunch, run: FlowRunDeployment, stamped: number): void {
    const env: NodeJS.ProcessEnv = processEnv(run);
    delete env[RUN_ENVIRONMENT.flowRunId];
    startWarm(launch, env, stamped, envKeyOf(run));
  }

  /** The warm process for `launch` if it loaded the current flow with the same run variables. */
  function takeWarm(
    launch: ProcessLaunch,
    run: FlowRunDeployment,
    stamped: number,
  ): ChildProcess | undefined {
    const key = keyOf(launch);
    const candidate = warm.get(key);
    if (!candidate) return undefined;
    warm.delete(key);
    const usable =
      candidate.child.exitCode === null &&
      candidate.child.signalCode === null &&
      candidate.stamped === stamped &&
      candidate.envKey === envKeyOf(run);
    if (!usable) {
      candidate.child.kill('SIGTERM');
      return undefined;
    }
    deaths.delete(key);
    return candidate.child;
  }

  return {
    specificationVersion: 'v2',
    type: TYPE,
    launchKinds: ['process'],
    async deploy(run: FlowRunDeployment): Promise<DeployedRun> {
      const refuse = (reason: string, cause?: unknown) =>
        new AgentPlatformError({ platform: TYPE, flowRunId: run.flowRunId, message: reason, cause });
      const launch = run.launch;
      if (launch.kind !== 'process') {
        throw refuse(
          `flow ${run.flowName} is started as a ${launch.kind}, and the process agent starts host processes (use \`headwater agent start docker\` for flows in container images).`,
        );
      }
      const stamped = launch.stamp ? await stampOf(launch.stamp) : 0;
      const warmable = warmLimit > 0 && launch.standby === true;
      let child = warmable ? takeWarm(launch, run, stamped) : undefined;
      if (child) {
        child.stdin!.end(handover(run));
        // Its replacement starts once this run is under way, so the two never race for the CPU.
        whenStarted(child, () => {
          if (!closed) prepareWarm(launch, run, stamped);
        });
      } else {
        child = spawn(program(launch), [...launch.args], {
          cwd: launch.cwd,
          env: processEnv(run),
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });
        const started = child;
        await new Promise<void>((resolve, reject) => {
          started.once('spawn', resolve);
          started.once('error', (cause) =>
            reject(refuse(`could not start ${program(launch)} in ${launch.cwd}: ${cause.message}`, cause)),
          );
        });
        if (warmable) prepareWarm(launch, run, stamped);
      }
      return watch(child, run, tailSize, options.output);
    },
    async close() {
      closed = true;
      const standbys = [...warm.values()];
      warm.clear();
      for (const { child } of standbys) child.kill('SIGTERM');
    },
  };
}

/**
 * What a standby process reads on stdin: the run id, then the flow run as the claim returned
 * it (one line of JSON), so the process need not read it from the API before it starts.
 */
function handover(run: FlowRunDeployment): string {
  return run.flowRun ? `${run.flowRunId}\n${JSON.stringify(run.flowRun)}\n` : `${run.flowRunId}\n`;
}

/** Calls `then` once: when `child` says its run started, when it exits, or after the fallback delay. */
function whenStarted(child: ChildProcess, then: () => void): void {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    clearTimeout(fallback);
    then();
  };
  const fallback = setTimeout(once, STARTED_FALLBACK_MS).unref();
  const signal = child.stdio[STARTED_FD] as NodeJS.ReadableStream | null | undefined;
  signal?.once('data', once);
  signal?.on('error', () => {});
  child.once('exit', once);
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

function watch(
  child: ChildProcess,
  run: FlowRunDeployment,
  tailSize: number,
  output: ProcessPlatformOptions['output'],
): DeployedRun {
  const tail = new OutputTail(tailSize);
  const closed: Promise<void>[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    reader.on('line', (line) => {
      tail.push(`${line}\n`);
      output?.(line, run);
    });
    closed.push(new Promise((resolve) => reader.once('close', resolve)));
  }
  const exited = new Promise<RunExit>((resolve) => {
    const done = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      void Promise.all(closed).then(() => resolve({ exitCode, signal, logTail: tail.lines() }));
    };
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode, child.signalCode);
    else child.once('close', done);
  });
  const pid = child.pid!;
  return {
    id: `pid ${pid}`,
    exited,
    async stop({ graceMs = 10_000 } = {}) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

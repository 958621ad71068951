import { type ChildProcess, spawn } from 'node:child_process';
import { access, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import { RUN_ENVIRONMENT, type SerializedStorage } from '@headwater/core';
import type { AgentPlatformV1, DeployedRun, FlowRunDeployment, RunExit } from '../agent-platform.js';
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
   * The command that executes a run from its storage (no warm processes then).
   * @default for Local storage: `node --enable-source-maps <bundle directory>/entry.mjs execute flow-run`
   */
  command?: (
    storage: SerializedStorage,
    run: FlowRunDeployment,
  ) => { command: string; args: string[]; cwd?: string };
}

const TYPE = 'ProcessAgent';
/** The file next to a Local storage bundle that runs `headwater execute flow-run`. */
const LOCAL_ENTRY = 'entry.mjs';

interface CommandSpec {
  command: string;
  args: string[];
  cwd?: string;
  /** The bundle entry it runs (what warm processes are kept for). */
  entry?: string;
}

/** A started process that loaded a bundle and waits on stdin for the id of the run to execute. */
interface WarmProcess {
  child: ChildProcess;
  /** When the bundle's entry was written, as the process loaded it. */
  entryModified: number;
  /** The run variables (without the run id) it was started with. */
  envKey: string;
}

/**
 * Runs each flow run as a child process (`node <bundle>/entry.mjs execute flow-run`) for
 * flows with Local storage: no Docker needed. Each run gets its own process group, so a
 * Ctrl-C in the agent's terminal reaches the agent only, and stopping a run stops everything
 * it started.
 */
export function createProcessPlatform(options: ProcessPlatformOptions = {}): AgentPlatformV1 {
  const node = options.node ?? process.execPath;
  const tailSize = options.logTailLines ?? 50;
  const warmLimit = options.command ? 0 : (options.warmProcesses ?? 2);
  /** Warm processes by entry path, least recently used first. */
  const warm = new Map<string, WarmProcess>();
  const commandFor =
    options.command ??
    ((storage: SerializedStorage, run: FlowRunDeployment): CommandSpec => {
      const directory = dirname(localFlowLocation(storage, run.flowName));
      const entry = join(directory, LOCAL_ENTRY);
      // Source maps make stack traces in run logs point at the flow's own source.
      return {
        command: node,
        args: ['--enable-source-maps', entry, 'execute', 'flow-run'],
        cwd: directory,
        entry,
      };
    });

  const processEnv = (run: FlowRunDeployment) => ({
    ...(options.inheritEnv === false ? {} : process.env),
    ...run.env,
  });
  const envKeyOf = (run: FlowRunDeployment) =>
    JSON.stringify(
      Object.entries(run.env)
        .filter(([key]) => key !== RUN_ENVIRONMENT.flowRunId)
        .sort(),
    );

  /** Starts a process for the next run of this bundle, evicting the least recently used one beyond the limit. */
  function prepareWarm(
    spec: CommandSpec,
    entry: string,
    run: FlowRunDeployment,
    entryModified: number,
  ): void {
    const env: NodeJS.ProcessEnv = processEnv(run);
    delete env[RUN_ENVIRONMENT.flowRunId];
    const child = spawn(spec.command, [...spec.args, '--standby'], {
      cwd: spec.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    child.once('error', () => warm.delete(entry));
    child.once('exit', () => {
      if (warm.get(entry)?.child === child) warm.delete(entry);
    });
    warm.set(entry, { child, entryModified, envKey: envKeyOf(run) });
    while (warm.size > warmLimit) {
      const [oldest, evicted] = warm.entries().next().value!;
      warm.delete(oldest);
      evicted.child.kill('SIGTERM');
    }
  }

  /** The warm process for `entry` if it loaded the current bundle with the same run variables. */
  function takeWarm(entry: string, run: FlowRunDeployment, entryModified: number): ChildProcess | undefined {
    const candidate = warm.get(entry);
    if (!candidate) return undefined;
    warm.delete(entry);
    const usable =
      candidate.child.exitCode === null &&
      candidate.child.signalCode === null &&
      candidate.entryModified === entryModified &&
      candidate.envKey === envKeyOf(run);
    if (usable) return candidate.child;
    candidate.child.kill('SIGTERM');
    return undefined;
  }

  return {
    specificationVersion: 'v1',
    type: TYPE,
    async deploy(run: FlowRunDeployment): Promise<DeployedRun> {
      const refuse = (reason: string, cause?: unknown) =>
        new AgentPlatformError({ platform: TYPE, flowRunId: run.flowRunId, message: reason, cause });
      if (!options.command && run.storage.type !== 'Local') {
        throw refuse(
          `flow ${run.flowName} uses ${run.storage.type} storage; the process agent runs flows with Local storage only (use \`headwater agent start docker\` for Docker storage).`,
        );
      }
      let spec: CommandSpec;
      let entryModified = 0;
      try {
        spec = commandFor(run.storage, run);
        const file = spec.entry ?? spec.command;
        await access(file);
        if (warmLimit > 0 && spec.entry) entryModified = (await stat(spec.entry)).mtimeMs;
      } catch (cause) {
        throw refuse(
          `the Local storage of flow ${run.flowName} is not on this machine (${cause instanceof Error ? cause.message : String(cause)}). Run the agent where the flow was built, or rebuild it here.`,
          cause,
        );
      }
      const entry = warmLimit > 0 ? spec.entry : undefined;
      let child = entry ? takeWarm(entry, run, entryModified) : undefined;
      if (child) {
        child.stdin!.end(`${run.flowRunId}\n`);
      } else {
        child = spawn(spec.command, spec.args, {
          cwd: spec.cwd,
          env: processEnv(run),
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });
        const started = child;
        await new Promise<void>((resolve, reject) => {
          started.once('spawn', resolve);
          started.once('error', (cause) =>
            reject(refuse(`could not start ${spec.command}: ${cause.message}`, cause)),
          );
        });
      }
      if (entry) prepareWarm(spec, entry, run, entryModified);
      return watch(child, run, tailSize, options.output);
    },
    async close() {
      for (const { child } of warm.values()) child.kill('SIGTERM');
      warm.clear();
    },
  };
}

/** Where Local storage put a flow's bundle: `<directory>/<flow slug>/flows.mjs`, `entry.mjs` beside it. */
function localFlowLocation(storage: SerializedStorage, flowName: string): string {
  const location = storage.flows?.[flowName];
  if (typeof location !== 'string' || !isAbsolute(location))
    throw new Error(`its Local storage has no bundle for flow ${flowName}`);
  return location;
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

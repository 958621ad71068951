import { type ChildProcess, spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SerializedStorage } from '@headwater/core';
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
   * The command that executes a run from its storage.
   * @default for Local storage: `[node, <bundle directory>/entry.mjs, 'execute', 'flow-run']`
   */
  command?: (
    storage: SerializedStorage,
    run: FlowRunDeployment,
  ) => { command: string; args: string[]; cwd?: string };
}

const TYPE = 'ProcessAgent';
/** The file next to a Local storage bundle that runs `headwater execute flow-run`. */
const LOCAL_ENTRY = 'entry.mjs';

/**
 * Runs each flow run as a child process (`node <bundle>/entry.mjs execute flow-run`) for
 * flows with Local storage: no Docker needed. Each run gets its own process group, so a
 * Ctrl-C in the agent's terminal reaches the agent only, and stopping a run stops everything
 * it started.
 */
export function createProcessPlatform(options: ProcessPlatformOptions = {}): AgentPlatformV1 {
  const node = options.node ?? process.execPath;
  const tailSize = options.logTailLines ?? 50;
  const commandFor =
    options.command ??
    ((storage: SerializedStorage, run: FlowRunDeployment) => {
      const directory = dirname(localFlowLocation(storage, run.flowName));
      return { command: node, args: [join(directory, LOCAL_ENTRY), 'execute', 'flow-run'], cwd: directory };
    });

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
      let spec: { command: string; args: string[]; cwd?: string };
      try {
        spec = commandFor(run.storage, run);
        await access(spec.args[0] && isAbsolute(spec.args[0]) ? spec.args[0] : spec.command);
      } catch (cause) {
        throw refuse(
          `the Local storage of flow ${run.flowName} is not on this machine (${cause instanceof Error ? cause.message : String(cause)}). Run the agent where the flow was built, or rebuild it here.`,
          cause,
        );
      }
      const child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: { ...(options.inheritEnv === false ? {} : process.env), ...run.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', (cause) =>
          reject(refuse(`could not start ${spec.command}: ${cause.message}`, cause)),
        );
      });
      return watch(child, run, tailSize, options.output);
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
    child.once('close', (exitCode, signal) => {
      void Promise.all(closed).then(() => resolve({ exitCode, signal, logTail: tail.lines() }));
    });
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

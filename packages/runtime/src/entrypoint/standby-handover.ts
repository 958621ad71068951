import { closeSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { FlowRunInfo } from '@headwater/client';

/** What an agent hands a standby process on its stdin. */
export interface StandbyHandover {
  flowRunId: string;
  /** The flow run as the agent's claim returned it (second line, JSON), when the agent sent it. */
  flowRun?: FlowRunInfo;
}

/**
 * The runs an agent hands a standby process on its stdin, one at a time: each is the flow
 * run id on a line, then the claimed flow run as JSON on the next (empty when the agent has
 * none: the run is then read from the API). An agent that hands over one run only ends stdin
 * after it; a process that may run several ({@link REUSE_FLAG}) gets the next one only after
 * it said the previous one finished. Ends with stdin (the agent is gone, or wants no more).
 * A second line that is not that run's JSON is left out.
 */
export async function* standbyHandovers(input: NodeJS.ReadableStream): AsyncGenerator<StandbyHandover> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
  for (;;) {
    const id = await lines.next();
    if (id.done) return;
    const flowRunId = id.value.trim();
    if (!flowRunId) continue;
    const second = await lines.next();
    const flowRun = second.done ? undefined : parseFlowRun(second.value, flowRunId);
    yield flowRun ? { flowRunId, flowRun } : { flowRunId };
    if (second.done) return;
  }
}

function parseFlowRun(line: string | undefined, flowRunId: string): FlowRunInfo | undefined {
  if (!line?.trim()) return undefined;
  try {
    const value = JSON.parse(line) as Partial<FlowRunInfo> | null;
    const complete =
      value?.id === flowRunId &&
      typeof value.version === 'number' &&
      value.flow !== undefined &&
      Array.isArray(value.taskRuns);
    return complete ? (value as FlowRunInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** The command-line flag naming the inherited descriptor on which a run process says how its runs go. */
export const STARTED_FD_FLAG = '--started-fd=';

/**
 * The flag with which an agent lets a standby process run several runs, one after another:
 * after each that left the process as it found it, the process says `finished <exit code>`
 * and waits for the next on stdin, instead of exiting.
 */
export const REUSE_FLAG = '--reuse';

/**
 * What a run process tells its agent on the descriptor `--started-fd=<n>` names, a line each:
 * `reusable` (it runs several runs, so the agent keeps stdin open), `started` once its run is
 * Running (the agent starts the next standby process only then, so its start-up never slows
 * this run), `finished <exit code>` when the run is over and the process waits for another.
 * Without the flag every call is a no-op; a descriptor already gone (the agent stopped) is no error.
 */
export interface RunProcessSignals {
  reusable(): void;
  started(): void;
  finished(exitCode: number): void;
}

/** The {@link RunProcessSignals} on the descriptor `--started-fd=<n>` of `args`. */
export function runProcessSignals(args: readonly string[]): RunProcessSignals {
  const flag = args.find((arg) => arg.startsWith(STARTED_FD_FLAG));
  const fd = flag === undefined ? Number.NaN : Number(flag.slice(STARTED_FD_FLAG.length));
  let open = Number.isInteger(fd) && fd >= 3;
  let reusable = false;
  let started = false;
  const write = (line: string, close: boolean) => {
    if (!open) return;
    try {
      writeSync(fd, `${line}\n`);
      if (close) {
        open = false;
        closeSync(fd);
      }
    } catch {
      // The agent no longer listens; the run goes on.
      open = false;
    }
  };
  return {
    reusable() {
      reusable = true;
      write('reusable', false);
    },
    started() {
      if (started) return;
      started = true;
      // A process that runs one run only has nothing more to say.
      write('started', !reusable);
    },
    finished(exitCode) {
      started = false;
      write(`finished ${exitCode}`, false);
    },
  };
}

/** `runProcessSignals(args).started`: a function writing `started` once (see {@link RunProcessSignals}). */
export function startedReporter(args: readonly string[]): () => void {
  const signals = runProcessSignals(args);
  return () => signals.started();
}

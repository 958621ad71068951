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
 * Reads the run an agent hands a standby process: stdin carries the flow run id on its first
 * line and, from agents that claim in batches, the claimed flow run as JSON on the second;
 * then the agent ends stdin. Undefined when stdin ends without an id (the agent is gone).
 * A second line that is not that run's JSON is left out: the run is then read from the API.
 */
export async function readStandbyHandover(
  input: NodeJS.ReadableStream,
): Promise<StandbyHandover | undefined> {
  const lines: string[] = [];
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) lines.push(line);
  const flowRunId = lines[0]?.trim();
  if (!flowRunId) return undefined;
  const flowRun = parseFlowRun(lines[1], flowRunId);
  return flowRun ? { flowRunId, flowRun } : { flowRunId };
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

/** The command-line flag naming the inherited descriptor on which a run process says its run started. */
export const STARTED_FD_FLAG = '--started-fd=';

/**
 * A function writing `started` once on the descriptor `--started-fd=<n>` names (an agent
 * starts the next standby process only then, so its start-up never slows this run's own), or
 * a no-op without the flag. A descriptor already gone (the agent stopped) is no error.
 */
export function startedReporter(args: readonly string[]): () => void {
  const flag = args.find((arg) => arg.startsWith(STARTED_FD_FLAG));
  const fd = flag === undefined ? Number.NaN : Number(flag.slice(STARTED_FD_FLAG.length));
  if (!Number.isInteger(fd) || fd < 3) return () => {};
  let reported = false;
  return () => {
    if (reported) return;
    reported = true;
    try {
      writeSync(fd, 'started\n');
      closeSync(fd);
    } catch {
      // The agent no longer listens; the run goes on.
    }
  };
}

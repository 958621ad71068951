import type { Flow } from '@headwater/core';
import { type ExecuteFlowRunOptions, executeFlowRun } from '../runner/execute-flow-run.js';

/** `execute flow-run`: runs the flow run an agent named, with the flow from this bundle. */
export async function executeBundledFlowRun(
  flows: readonly Flow[],
  err: (text: string) => void,
  handed: Pick<ExecuteFlowRunOptions, 'client' | 'flowRun' | 'onStarted'>,
): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    const { exitCode } = await executeFlowRun({
      ...handed,
      signal: stop.signal,
      write: err,
      loadFlow: async (run) => {
        const flow = flows.find((candidate) => candidate.name === run.flow.name);
        if (!flow) {
          throw new Error(
            `this bundle holds no flow named "${run.flow.name}" (it holds: ${flows.map((f) => f.name).join(', ') || 'none'}); deploy the flow again so its storage and its registration match.`,
          );
        }
        return flow;
      },
    });
    return exitCode;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

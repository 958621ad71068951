import { loadStorage, type SerializedStorage } from '@headwater/core';
import { surviveLostOutput } from '../entrypoint/survive-lost-output.js';
import { executeFlowRun, type FlowRunExecution } from './execute-flow-run.js';

/**
 * `headwater execute flow-run`: executes the flow run named by `HEADWATER__CONTEXT__FLOW_RUN_ID`
 * with the flow loaded from its registered storage (its plugin resolved from the working
 * directory, the plugins loaded with `--plugin`, then the CLI's install). SIGTERM and SIGINT
 * stop the process's work and leave the run to its agent.
 *
 * @example
 * ```ts
 * const { exitCode } = await executeStoredFlowRun();
 * ```
 */
export async function executeStoredFlowRun(): Promise<FlowRunExecution> {
  // The run outlives its agent: output nobody reads any more must not end it.
  surviveLostOutput();
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('The flow run process was asked to stop (SIGTERM/SIGINT).'));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    return await executeFlowRun({
      signal: controller.signal,
      loadFlow: async (run, { signal }) => {
        const storage = await loadStorage(run.flow.storage as SerializedStorage);
        return storage.getFlow(run.flow.name, { signal });
      },
    });
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}

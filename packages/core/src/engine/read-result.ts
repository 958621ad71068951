import { resultHandlerFromSerialized } from '../results/result-handler-from-serialized.js';
import type { State } from '../states/state.js';

/**
 * The value of a state's result: the raw result when it is in memory, else read back
 * through the result handler of its checkpointed (safe) result, as after a resume.
 */
export async function readResult(state: State): Promise<unknown> {
  if (state.result !== undefined || state.safeResult === null) return state.result;
  const value = await resultHandlerFromSerialized(state.safeResult.resultHandler).read(
    state.safeResult.value,
  );
  state.result = value;
  return value;
}

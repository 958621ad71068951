import type { State } from '../states/state.js';
import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.end-run';
const symbol = Symbol.for(marker);

/**
 * Thrown by a runner hook to stop a flow or task run right away with `state` (e.g. the
 * API answered `Queued`). The state is returned as the run's state; nothing else runs.
 *
 * @example
 * ```ts
 * taskRunStateChange: async ({ newState }) => {
 *   const answer = await api.setTaskRunState(newState);
 *   if (answer.isQueued()) throw new EndRun(answer);
 * }
 * ```
 */
export class EndRun extends HeadwaterError {
  readonly [symbol] = true;
  readonly state: State;

  constructor(state: State) {
    super({ code: 'END_RUN', message: `The run stopped in state ${state.type}.` });
    this.name = 'EndRun';
    this.state = state;
  }

  static override isInstance(error: unknown): error is EndRun {
    return HeadwaterError.hasMarker(error, marker);
  }
}

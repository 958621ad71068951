import { FailSignal } from '../errors/fail-signal.js';
import { LoopSignal } from '../errors/loop-signal.js';
import { PauseSignal } from '../errors/pause-signal.js';
import { RetrySignal } from '../errors/retry-signal.js';
import { SkipSignal } from '../errors/skip-signal.js';
import { Failed, Looped, Paused, Skipped, type State } from '../states/state.js';

/**
 * The state a task run that threw `error` ends in when `error` is one of the signals mapped
 * here, else `undefined`: SKIP → `Skipped` (no result: a skipped task passes on no value),
 * FAIL → `Failed` with the signal's own message, RETRY → `Failed` holding the signal (the
 * runner turns it into `Retrying` while retries are left), LOOP → `Looped` holding the
 * payload (the runner numbers the iteration), PAUSE → `Paused` until its `startTime`, or until
 * resumed when it has none.
 *
 * @example
 * ```ts
 * signalledState(new SkipSignal('Nothing to do.')); // Skipped "Nothing to do."
 * ```
 */
export function signalledState(error: unknown): State | undefined {
  if (SkipSignal.isInstance(error)) return new Skipped({ message: error.message });
  if (FailSignal.isInstance(error) || RetrySignal.isInstance(error))
    return new Failed({ message: error.message, result: error });
  if (LoopSignal.isInstance(error))
    return new Looped({ message: error.loopMessage ?? null, loopCount: 0, result: error.result });
  if (PauseSignal.isInstance(error))
    return new Paused({ message: error.message, startTime: error.startTime ?? null });
  return undefined;
}

/** True for the `Failed` state of a task that threw a {@link RetrySignal}. */
export function askedToRetry(state: State): boolean {
  return state.isFailed() && RetrySignal.isInstance(state.result);
}

/** The final state of a task that asked to retry after its last allowed attempt. */
export function retriesUsedUp(state: State, runCount: number, maxRetries: number): State {
  const advice =
    maxRetries === 0
      ? 'give the task maxRetries (and a retryDelay) to let it retry'
      : 'raise its maxRetries to allow more attempts';
  return new Failed({
    message: `Task asked to retry ("${state.message ?? ''}") after its last attempt (run ${runCount} of ${maxRetries + 1}); ${advice}.`,
    result: state.result,
  });
}

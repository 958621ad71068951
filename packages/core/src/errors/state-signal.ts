import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.state-signal';
const symbol = Symbol.for(marker);

/**
 * Base class of the signals a task throws to choose the state its run ends in, instead of
 * `Failed` with "Unexpected error": {@link FailSignal} → `Failed`, {@link RetrySignal} →
 * `Retrying`, {@link SkipSignal} → `Skipped`, {@link LoopSignal} → `Looped`,
 * {@link PauseSignal} → `Paused`.
 *
 * @example
 * ```ts
 * if (StateSignal.isInstance(error)) console.log('the task chose its state:', error.code);
 * ```
 */
export class StateSignal extends HeadwaterError {
  readonly [symbol] = true;

  constructor(options: { code: string; message: string; cause?: unknown }) {
    super(options);
    this.name = 'StateSignal';
  }

  /** True for any signal, from any copy of `@headwater/core`. */
  static override isInstance(error: unknown): error is StateSignal {
    return HeadwaterError.hasMarker(error, marker);
  }
}

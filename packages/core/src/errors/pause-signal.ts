import { StateSignal } from './state-signal.js';

const marker = 'headwater.error.pause-signal';
const symbol = Symbol.for(marker);

/** Options of a {@link PauseSignal}. */
export interface PauseSignalOptions {
  /**
   * When the pause ends by itself (the task runs again then, as if resumed).
   * @default undefined — paused until resumed (`headwater resume`, the API or the UI)
   */
  startTime?: Date;
}

/**
 * Thrown by a task to end its run `Paused` instead of `Failed`: the flow run waits (without a
 * process, when the wait is long) until someone resumes it, or until `startTime` when given.
 * A resumed task runs again with `context.resumed === true`, so it can tell an approval from
 * the first attempt.
 *
 * @example
 * ```ts
 * const publish = task((_: {}, { context }) => {
 *   if (!context.resumed) throw new PauseSignal('Waiting for approval to publish.');
 *   return release();
 * });
 * ```
 */
export class PauseSignal extends StateSignal {
  readonly [symbol] = true;
  /** When the pause ends by itself, if ever. */
  readonly startTime: Date | undefined;

  constructor(message = 'Task run paused.', options: PauseSignalOptions = {}) {
    super({ code: 'TASK_PAUSED', message });
    this.name = 'PauseSignal';
    this.startTime = options.startTime;
  }

  static override isInstance(error: unknown): error is PauseSignal {
    return StateSignal.hasMarker(error, marker);
  }
}

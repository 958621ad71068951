import { StateSignal } from './state-signal.js';

const marker = 'headwater.error.loop-signal';
const symbol = Symbol.for(marker);

/** Options of a {@link LoopSignal}. */
export interface LoopSignalOptions<T = unknown> {
  /** The payload of the next iteration: it reads it as `loopPayload` of its run context. */
  result?: T;
  /** Message of the `Looped` state. @default "Task looped (iteration <n>)." */
  message?: string;
}

/**
 * Thrown by a task to run again at once with a payload, as a `while` loop inside one task
 * run: each iteration ends `Looped` (its `loopCount` and payload recorded), and the next
 * one reads `loopCount` (1 on the first iteration) and `loopPayload` (the last signal's
 * `result`, `undefined` on the first) from its run context. The run ends in whatever state
 * the iteration that does not loop ends in. A task loops at most `maxLoops` times
 * (default 1000), then ends `Failed`.
 *
 * @example
 * ```ts
 * const countdown = task((_: {}, { loopPayload }) => {
 *   const left = (loopPayload as number | undefined) ?? 3;
 *   if (left > 0) throw new LoopSignal({ result: left - 1 });
 *   return 'lift-off';
 * });
 * ```
 */
export class LoopSignal<T = unknown> extends StateSignal {
  readonly [symbol] = true;
  /** The payload of the next iteration. */
  readonly result: T | undefined;
  /** The message the task gave, if any. */
  readonly loopMessage: string | undefined;

  constructor(options: LoopSignalOptions<T> = {}) {
    super({ code: 'TASK_LOOPED', message: options.message ?? 'Task looped.' });
    this.name = 'LoopSignal';
    this.result = options.result;
    this.loopMessage = options.message;
  }

  static override isInstance(error: unknown): error is LoopSignal {
    return StateSignal.hasMarker(error, marker);
  }
}

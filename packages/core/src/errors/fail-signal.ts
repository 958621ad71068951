import { StateSignal } from './state-signal.js';

const marker = 'headwater.error.fail-signal';
const symbol = Symbol.for(marker);

/**
 * Thrown by a task to end its run `Failed` with a message of its own (no "Unexpected
 * error" prefix); the task's `maxRetries` still apply, as for any failure.
 *
 * @example
 * ```ts
 * const check = task(({ rows }: { rows: unknown[] }) => {
 *   if (rows.length === 0) throw new FailSignal('The export was empty; check the source table.');
 *   return rows.length;
 * });
 * ```
 */
export class FailSignal extends StateSignal {
  readonly [symbol] = true;

  constructor(message = 'Task run failed.', options: { cause?: unknown } = {}) {
    super({ code: 'TASK_FAILED', message, cause: options.cause });
    this.name = 'FailSignal';
  }

  static override isInstance(error: unknown): error is FailSignal {
    return StateSignal.hasMarker(error, marker);
  }
}

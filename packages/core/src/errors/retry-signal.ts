import { StateSignal } from './state-signal.js';

const marker = 'headwater.error.retry-signal';
const symbol = Symbol.for(marker);

/**
 * Thrown by a task to ask for another attempt: the run goes straight to `Retrying` (no
 * `Failed` in between) after the task's `retryDelay`. It counts as one of the task's
 * `maxRetries`; once they are used up, the run ends `Failed` saying so.
 *
 * @example
 * ```ts
 * const poll = task(async ({ url }: { url: string }) => {
 *   const response = await fetch(url);
 *   if (response.status === 202) throw new RetrySignal('The export is not ready yet.');
 *   return response.json();
 * }, { maxRetries: 10, retryDelay: 30_000 });
 * ```
 */
export class RetrySignal extends StateSignal {
  readonly [symbol] = true;

  constructor(message = 'Task run asked to retry.', options: { cause?: unknown } = {}) {
    super({ code: 'TASK_RETRY', message, cause: options.cause });
    this.name = 'RetrySignal';
  }

  static override isInstance(error: unknown): error is RetrySignal {
    return StateSignal.hasMarker(error, marker);
  }
}

import { StateSignal } from './state-signal.js';

const marker = 'headwater.error.skip-signal';
const symbol = Symbol.for(marker);

/**
 * Thrown by a task to end its run `Skipped` instead of `Failed`; downstream tasks are
 * skipped too unless they set `skipOnUpstreamSkip: false` (they then run without the
 * skipped task's input: a skipped task passes on no value).
 *
 * @example
 * ```ts
 * const load = task(({ rows }: { rows: unknown[] }) => {
 *   if (rows.length === 0) throw new SkipSignal('Nothing to load.');
 *   return insert(rows);
 * });
 * ```
 */
export class SkipSignal extends StateSignal {
  readonly [symbol] = true;

  constructor(message = 'Task run skipped.') {
    super({ code: 'TASK_SKIPPED', message });
    this.name = 'SkipSignal';
  }

  static override isInstance(error: unknown): error is SkipSignal {
    return StateSignal.hasMarker(error, marker);
  }
}

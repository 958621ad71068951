import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.skip-signal';
const symbol = Symbol.for(marker);

/**
 * Thrown by a task to end its run `Skipped` instead of `Failed`; downstream tasks are
 * skipped too unless they set `skipOnUpstreamSkip: false`.
 *
 * @example
 * ```ts
 * const load = task(({ rows }: { rows: unknown[] }) => {
 *   if (rows.length === 0) throw new SkipSignal('Nothing to load.');
 *   return insert(rows);
 * });
 * ```
 */
export class SkipSignal extends HeadwaterError {
  readonly [symbol] = true;

  constructor(message = 'Task run skipped.') {
    super({ code: 'TASK_SKIPPED', message });
    this.name = 'SkipSignal';
  }

  static override isInstance(error: unknown): error is SkipSignal {
    return HeadwaterError.hasMarker(error, marker);
  }
}

import { UsageError } from './usage-error.js';

/**
 * The state types that `--state` values stand for, each with its descendants (`Failed` takes
 * `TimedOut` and `TriggerFailed` too, `Finished` every finished state); names are matched
 * without regard to case. An unknown name is refused with the names there are.
 *
 * @example
 * ```ts
 * await expandStates(['failed']); // ['Failed', 'TimedOut', 'TriggerFailed']
 * ```
 */
export async function expandStates(values: readonly string[]): Promise<string[]> {
  const { STATE_TYPES, stateTypesOf } = await import('@headwater/core/base');
  const expanded = values.flatMap((value) => {
    const type = STATE_TYPES.find((name) => name.toLowerCase() === value.toLowerCase());
    if (!type) {
      throw new UsageError(
        `Unknown state "${value}" for --state: use one of ${STATE_TYPES.join(', ')} (a state takes in the ones under it: Failed includes TimedOut).`,
      );
    }
    return stateTypesOf(type);
  });
  return [...new Set(expanded)];
}

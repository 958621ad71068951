import type { SerializedEnvironment } from '../contracts/serialized.js';
import { VERSION } from '../version.js';

/** The executor every flow uses unless its environment names another. */
export const DEFAULT_EXECUTOR = '@headwater/core:LocalExecutor';

/**
 * What a flow without an environment serializes: a RemoteEnvironment with the default
 * executor, no kwargs and no labels.
 */
export function defaultEnvironment(executor: string = DEFAULT_EXECUTOR): SerializedEnvironment {
  return { type: 'RemoteEnvironment', executor, executor_kwargs: {}, labels: [], __version__: VERSION };
}

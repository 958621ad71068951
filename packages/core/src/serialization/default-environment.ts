import { getConfig } from '../config/config.js';
import type { SerializedEnvironment } from '../contracts/serialized.js';
import { VERSION } from '../version.js';

/**
 * What a flow without an environment serializes: a RemoteEnvironment with the configured
 * default executor (`engine.executor.default_class`, `"@headwater/core:LocalExecutor"`
 * unless changed), no kwargs and no labels.
 */
export function defaultEnvironment(
  executor: string = getConfig().engine.executor.default_class,
): SerializedEnvironment {
  return { type: 'RemoteEnvironment', executor, executor_kwargs: {}, labels: [], __version__: VERSION };
}

import type { SerializedEnvironment } from '../contracts/serialized.js';
import { resolveExecutor } from './resolve-executor.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Resolves and constructs the executor a serialized environment names (a
 * `RemoteEnvironment`'s `executor` with its `executor_kwargs`), as a run would, and
 * resolves to its name; `undefined` when the environment names none. Deploy and the
 * health check call it so that an executor that cannot be resolved fails before anything
 * is built or pushed, not when the first run starts. Throws the run's
 * `PluginResolutionError`.
 *
 * @example
 * ```ts
 * await checkEnvironmentExecutor(flow.serialize().environment, { from: [dirname(flow.sourceModule)] });
 * ```
 */
export async function checkEnvironmentExecutor(
  environment: SerializedEnvironment | null | undefined,
  options: { from?: readonly string[] } = {},
): Promise<string | undefined> {
  if (!isObject(environment) || environment.type !== 'RemoteEnvironment') return undefined;
  const { executor, executor_kwargs: kwargs } = environment;
  if (typeof executor !== 'string') return undefined;
  await resolveExecutor(executor, isObject(kwargs) ? structuredClone(kwargs) : {}, options);
  return executor;
}

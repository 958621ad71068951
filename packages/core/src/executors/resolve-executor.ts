import type { Executor, ExecutorClass } from '../contracts/executor.js';
import { PluginResolutionError } from '../errors/plugin-resolution-error.js';
import { ORIGINAL_EXECUTORS } from '../plugins/original-names.js';
import { type BuiltIn, resolveReference } from '../plugins/resolve-reference.js';
import { LocalConcurrentExecutor } from './local-concurrent-executor.js';
import { LocalExecutor } from './local-executor.js';

/** Executor names that resolve without importing anything. */
export const BUILT_IN_EXECUTORS: Readonly<Record<string, BuiltIn>> = {
  LocalExecutor: { value: LocalExecutor },
  LocalConcurrentExecutor: { value: LocalConcurrentExecutor },
  '@headwater/core:LocalExecutor': { value: LocalExecutor },
  '@headwater/core:LocalConcurrentExecutor': { value: LocalConcurrentExecutor },
};

/**
 * Creates the executor a name stands for (`"LocalExecutor"`, `"@headwater/core:LocalConcurrentExecutor"`,
 * `"my-package:MyExecutor"`) with `options` (an environment's `executor_kwargs`). The
 * original's class paths resolve to the built-ins (`"prefect.engine.executors.LocalExecutor"`
 * → `LocalExecutor`, `LocalDaskExecutor` → `LocalConcurrentExecutor`); `DaskExecutor` fails
 * saying what to use. Packages resolve from `resolveFrom.from` (default: the plugin search paths).
 *
 * @example
 * ```ts
 * const executor = await resolveExecutor('LocalConcurrentExecutor', { maxConcurrency: 4 });
 * ```
 */
export async function resolveExecutor(
  reference: string,
  options: Record<string, unknown> = {},
  resolveFrom: { from?: readonly string[] } = {},
): Promise<Executor> {
  const Class = (await resolveReference(reference, {
    kind: 'executor',
    builtIns: BUILT_IN_EXECUTORS,
    originalNames: ORIGINAL_EXECUTORS,
    ...(resolveFrom.from ? { from: resolveFrom.from } : {}),
  })) as ExecutorClass;
  const known = Object.keys(BUILT_IN_EXECUTORS);
  if (typeof Class !== 'function') {
    throw new PluginResolutionError({
      kind: 'executor',
      reference,
      known,
      reason: 'the export is not a class',
    });
  }
  let executor: Executor;
  try {
    executor = new Class(options);
  } catch (cause) {
    throw new PluginResolutionError({
      kind: 'executor',
      reference,
      known,
      reason: `constructing it failed: ${(cause as Error)?.message ?? String(cause)}`,
      cause,
    });
  }
  if (typeof executor.submit !== 'function' || typeof executor.map !== 'function') {
    throw new PluginResolutionError({
      kind: 'executor',
      reference,
      known,
      reason: 'the class does not implement Executor',
    });
  }
  return executor;
}

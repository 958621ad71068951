/**
 * A name the original Python implementation used for code (an executor or storage class
 * path, as in the seed's `RemoteEnvironment(executor="prefect.engine.executors.LocalExecutor")`),
 * and what it stands for in Headwater: a built-in to use, or why there is none and what to
 * use instead.
 */
export type OriginalName = { use: string } | { unavailable: string };

const each = (names: readonly string[], meaning: OriginalName) =>
  Object.fromEntries(names.map((name) => [name, meaning]));

const DASK_UNAVAILABLE =
  'Dask is a Python cluster and Headwater has no Dask executor; use "LocalConcurrentExecutor" (tasks run concurrently in the run process) or an executor plugin "<package>:<export>" that fans tasks out over a queue such as BullMQ on Redis';

/** The original's executor class paths, by what they become. */
export const ORIGINAL_EXECUTORS: Readonly<Record<string, OriginalName>> = {
  ...each(
    [
      'prefect.engine.executors.LocalExecutor',
      'prefect.engine.executors.local.LocalExecutor',
      // Dask's synchronous scheduler: one task at a time in the run process.
      'prefect.engine.executors.SynchronousExecutor',
      'prefect.engine.executors.sync.SynchronousExecutor',
    ],
    { use: 'LocalExecutor' },
  ),
  ...each(['prefect.engine.executors.LocalDaskExecutor', 'prefect.engine.executors.dask.LocalDaskExecutor'], {
    use: 'LocalConcurrentExecutor',
  }),
  ...each(['prefect.engine.executors.DaskExecutor', 'prefect.engine.executors.dask.DaskExecutor'], {
    unavailable: DASK_UNAVAILABLE,
  }),
};

const PICKLE_UNAVAILABLE =
  'Headwater keeps flows as code bundles, not pickled objects in memory; use "Local" (a directory on this host, run by process agents) or "Docker" (an image in your registry)';

/**
 * The original's storage class paths (config `flows.defaults.storage.default_class`) and
 * serialized storage types, by what they become.
 */
export const ORIGINAL_STORAGE: Readonly<Record<string, OriginalName>> = {
  ...each(['prefect.environments.storage.Docker', 'prefect.environments.storage.docker.Docker'], {
    use: 'Docker',
  }),
  ...each(['prefect.environments.storage.Local', 'prefect.environments.storage.local.Local'], {
    use: 'Local',
  }),
  ...each(
    [
      'Memory',
      'Bytes',
      'prefect.environments.storage.Memory',
      'prefect.environments.storage.memory.Memory',
      'prefect.environments.storage.Bytes',
      'prefect.environments.storage.bytes.Bytes',
    ],
    { unavailable: PICKLE_UNAVAILABLE },
  ),
};

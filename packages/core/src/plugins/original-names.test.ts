import { describe, expect, it } from 'vitest';
import { PluginResolutionError } from '../errors/plugin-resolution-error.js';
import { LocalConcurrentExecutor } from '../executors/local-concurrent-executor.js';
import { LocalExecutor } from '../executors/local-executor.js';
import { resolveExecutor } from '../executors/resolve-executor.js';
import { resolveStoragePlugin } from '../storage/load-storage.js';
import { resolveReference } from './resolve-reference.js';

describe("the original's executor and storage names", () => {
  it.each([
    ['prefect.engine.executors.LocalExecutor', LocalExecutor],
    ['prefect.engine.executors.local.LocalExecutor', LocalExecutor],
    ['prefect.engine.executors.SynchronousExecutor', LocalExecutor],
    ['prefect.engine.executors.LocalDaskExecutor', LocalConcurrentExecutor],
    ['prefect.engine.executors.dask.LocalDaskExecutor', LocalConcurrentExecutor],
  ])('resolves executor %s to the built-in', async (name, Class) => {
    expect(await resolveExecutor(name)).toBeInstanceOf(Class);
  });

  it('passes executor_kwargs through to the built-in', async () => {
    const executor = await resolveExecutor('prefect.engine.executors.LocalDaskExecutor', {
      maxConcurrency: 3,
    });
    expect((executor as LocalConcurrentExecutor).maxConcurrency).toBe(3);
  });

  it('refuses the DaskExecutor, saying what to use instead', async () => {
    const error = await resolveExecutor('prefect.engine.executors.DaskExecutor').catch((e: unknown) => e);
    expect(PluginResolutionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /"prefect.engine.executors.DaskExecutor".*not available in Headwater.*"LocalConcurrentExecutor"/,
    );
  });

  it('still refuses a name that is neither ours nor the original', async () => {
    const error = await resolveExecutor('prefect.engine.executors.NoSuchExecutor').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/not a known name.*Known executor names: LocalExecutor/);
  });

  it("reads the original's Docker and Local storage class paths as the built-ins", async () => {
    const builtIns = { Docker: { value: 'docker' }, Local: { value: 'local' } };
    const resolve = (name: string) =>
      resolveReference(name, {
        kind: 'storage factory',
        builtIns,
        originalNames: { 'prefect.environments.storage.Docker': { use: 'Docker' } },
      });
    expect(await resolve('prefect.environments.storage.Docker')).toBe('docker');
    await expect(resolve('constructor')).rejects.toThrow(/not a known name/);
  });

  it('refuses Memory and Bytes storage with the storage to use instead', async () => {
    for (const type of ['Memory', 'prefect.environments.storage.Bytes']) {
      await expect(resolveStoragePlugin(type)).rejects.toThrow(
        /not available in Headwater.*"Local".*"Docker"/,
      );
    }
  });
});

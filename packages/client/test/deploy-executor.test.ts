import { Flow, PluginResolutionError, task } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { Client } from '../src/index.js';
import { recordingStorage } from './recording-storage.js';

/** A flow whose environment names `executor`, as `RemoteEnvironment` serializes it. */
const flowWithExecutor = (executor: string) => {
  const flow = new Flow(`runs-on-${executor}`, { storage: recordingStorage() });
  flow.add(task(() => 1, { name: 'one' }));
  flow.environment = {
    specificationVersion: 'v1',
    type: 'RemoteEnvironment',
    labels: [],
    serialize: () => ({
      type: 'RemoteEnvironment',
      executor,
      executor_kwargs: {},
      labels: [],
      __version__: '0',
    }),
    execute: () => Promise.reject(new Error('unused')),
  };
  return flow;
};

// Nothing listens on port 9: a deploy that got as far as the project lookup fails there.
const client = new Client({ api: 'http://127.0.0.1:9/graphql', token: 'hw_unused', env: {} });

describe('deploy resolves the executor first', () => {
  it.each([
    ['a misspelt built-in', 'LocalExecuter', /not a known name/],
    ["the original's Dask executor", 'prefect.engine.executors.DaskExecutor', /not available in Headwater/],
    ['a package that is not installed', 'headwater-no-such-executor:Executor', /not installed/],
  ])('refuses %s before the API is asked or anything is built', async (_, executor, reason) => {
    const flow = flowWithExecutor(executor);
    const error = await client.deploy(flow, 'My Project').catch((e: unknown) => e);
    expect(PluginResolutionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(reason);
    expect((flow.storage as ReturnType<typeof recordingStorage>).builds).toEqual([]);
  });

  it("lets the seed's executor string through to the project lookup", async () => {
    const error = await client
      .deploy(flowWithExecutor('prefect.engine.executors.LocalExecutor'), 'My Project')
      .catch((e: unknown) => e);
    expect(PluginResolutionError.isInstance(error)).toBe(false);
    expect((error as Error).message).toMatch(/127\.0\.0\.1:9/);
  });
});

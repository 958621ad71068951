import {
  defaultEnvironment,
  type EnvironmentExecuteOptions,
  type Executor,
  Flow,
  HeadwaterError,
  MetadataOnlyError,
  Parameter,
  PluginResolutionError,
  type StorageBackendV2,
  task,
  VERSION,
  WireFormatError,
} from '@headwater/core';
import {
  environmentFromSerialized,
  LocalEnvironment,
  loadEnvironment,
  RemoteEnvironment,
} from '@headwater/environments';
import { describe, expect, it } from 'vitest';

/** A storage holding live Flow objects: enough to exercise `execute` without bundling. */
function storageOf(...flows: Flow[]): StorageBackendV2 {
  const byName = new Map(flows.map((flow) => [flow.name, flow]));
  return {
    specificationVersion: 'v2',
    name: 'in-process',
    flows: Object.fromEntries(flows.map((f) => [f.name, f.name])),
    addFlow: (flow) => flow.name,
    contains: (name) => byName.has(name),
    getFlow: async (name) => {
      const flow = byName.get(name);
      if (!flow) throw new HeadwaterError({ code: 'FLOW_NOT_IN_STORAGE', message: `no flow ${name}` });
      return flow;
    },
    build: async function (this: StorageBackendV2) {
      return this;
    },
    serialize: () => ({ type: 'in-process', flows: {}, __version__: VERSION }),
    launch: () => Promise.reject(new Error('in-process storage is not launched')),
  };
}

function sumFlow() {
  const flow = new Flow('sum', { module: import.meta.url });
  const a = flow.addTask(new Parameter<number>('a', { default: 1 }));
  const add = task(({ x }: { x: number }) => x + 41, { name: 'add' });
  flow.add(add, { x: a });
  return flow;
}

describe('RemoteEnvironment', () => {
  it('serializes exactly like the default environment of a flow', () => {
    expect(new RemoteEnvironment().serialize()).toEqual({
      type: 'RemoteEnvironment',
      executor: '@headwater/core:LocalExecutor',
      executor_kwargs: {},
      labels: [],
      __version__: VERSION,
    });
    expect(new RemoteEnvironment().serialize()).toEqual(defaultEnvironment());
  });

  it('round-trips executor, kwargs and labels, and never shares the caller’s objects', () => {
    const kwargs = { maxConcurrency: 3 };
    const environment = new RemoteEnvironment({
      executor: 'LocalConcurrentExecutor',
      executorKwargs: kwargs,
      labels: ['gpu', 'eu'],
    });
    kwargs.maxConcurrency = 99;
    const serialized = environment.serialize();
    expect(serialized).toMatchObject({
      executor: 'LocalConcurrentExecutor',
      executor_kwargs: { maxConcurrency: 3 },
    });
    const restored = environmentFromSerialized(JSON.parse(JSON.stringify(serialized)));
    expect(restored).toBeInstanceOf(RemoteEnvironment);
    expect(restored.serialize()).toEqual(serialized);
    expect(restored.labels).toEqual(['gpu', 'eu']);
  });

  it('loads the seed’s 0.6.1 environment (no labels, Python executor name) as metadata it can show', () => {
    const restored = environmentFromSerialized({
      executor_kwargs: {},
      executor: 'prefect.engine.executors.LocalExecutor',
      __version__: '0.6.1',
      type: 'RemoteEnvironment',
    });
    expect(restored.labels).toEqual([]);
    expect((restored as RemoteEnvironment).executor).toBe('prefect.engine.executors.LocalExecutor');
  });

  it('loads the flow from storage and runs it with the named executor and its kwargs', async () => {
    const environment = new RemoteEnvironment({
      executor: 'LocalConcurrentExecutor',
      executorKwargs: { maxConcurrency: 2 },
    });
    const seen: { executor?: Executor; parameters?: Record<string, unknown> } = {};
    const runFlow: EnvironmentExecuteOptions['runFlow'] = async (flow, options) => {
      seen.executor = options.executor;
      seen.parameters = options.parameters;
      return flow.name;
    };
    const result = await environment.execute(storageOf(sumFlow()), 'sum', { runFlow, parameters: { a: 2 } });
    expect(result).toBe('sum');
    expect(seen.executor?.name).toMatch(/LocalConcurrentExecutor$/);
    expect(seen.parameters).toEqual({ a: 2 });
  });

  it('runs the flow to its final state with the flow runner', async () => {
    const flow = sumFlow();
    const state = (await new RemoteEnvironment().execute(storageOf(flow), 'sum', {
      parameters: { a: 1 },
    })) as {
      isSuccessful(): boolean;
      result: ReadonlyMap<unknown, { result: unknown }>;
    };
    expect(state.isSuccessful()).toBe(true);
    const add = flow.tasks.find((t) => t.name === 'add')!;
    expect(state.result.get(add)?.result).toBe(42);
  });

  it('fails with the resolution error for an unknown executor, before running anything', async () => {
    let ran = false;
    const error = await new RemoteEnvironment({ executor: 'NoSuchExecutor' })
      .execute(storageOf(sumFlow()), 'sum', {
        runFlow: async () => {
          ran = true;
        },
      })
      .catch((e: unknown) => e);
    expect(PluginResolutionError.isInstance(error)).toBe(true);
    expect(ran).toBe(false);
  });

  it('passes on the storage’s error for a flow it does not hold', async () => {
    const error = await new RemoteEnvironment().execute(storageOf(), 'missing').catch((e: unknown) => e);
    expect(HeadwaterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('missing');
  });
});

describe('LocalEnvironment', () => {
  it('serializes its labels only, and runs the flow with the default executor', async () => {
    const environment = new LocalEnvironment({ labels: ['laptop'] });
    expect(environment.serialize()).toEqual({
      type: 'LocalEnvironment',
      labels: ['laptop'],
      __version__: VERSION,
    });
    expect(environmentFromSerialized(environment.serialize())).toBeInstanceOf(LocalEnvironment);
    let executorName: string | undefined;
    await environment.execute(storageOf(sumFlow()), 'sum', {
      runFlow: async (_flow, options) => {
        executorName = options.executor.name;
      },
    });
    expect(executorName).toMatch(/LocalExecutor$/);
  });
});

describe('environmentFromSerialized', () => {
  it('names the JSON path of an unknown type and of malformed fields', () => {
    const unknown = (() => {
      try {
        return environmentFromSerialized({ type: 'MoonEnvironment', __version__: '0.1.0' });
      } catch (e) {
        return e;
      }
    })();
    expect(WireFormatError.isInstance(unknown)).toBe(true);
    expect((unknown as WireFormatError).issues[0]?.path).toBe('$.type');
    expect(() =>
      environmentFromSerialized({
        type: 'RemoteEnvironment',
        labels: 'gpu' as never,
        executor: 3 as never,
        __version__: 'x',
      }),
    ).toThrow(/\$\.executor[\s\S]*|\$\.labels/);
  });

  it('keeps the original implementation’s other environments as metadata that cannot run', async () => {
    const restored = environmentFromSerialized({
      type: 'CloudEnvironment',
      labels: ['k8s'],
      __version__: '0.6.1',
    });
    expect(restored.labels).toEqual(['k8s']);
    const error = await restored.execute(storageOf(), 'x').catch((e: unknown) => e);
    expect(MetadataOnlyError.isInstance(error)).toBe(true);
  });
});

describe('loadEnvironment', () => {
  it('resolves a third-party environment written "<package>:<export>"', async () => {
    const module = new URL('./fixtures/labelled-environment.ts', import.meta.url).href;
    const environment = await loadEnvironment({
      type: `${module}:environmentPlugin`,
      labels: ['x'],
      __version__: '0.1.0',
    });
    expect(environment.labels).toEqual(['x']);
    expect(await environment.execute(storageOf(), 'any')).toBe('ran');
  });

  it('loads built-in types without importing anything', async () => {
    expect(await loadEnvironment(new RemoteEnvironment().serialize())).toBeInstanceOf(RemoteEnvironment);
  });
});

import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type Flow,
  HeadwaterError,
  loadStorage,
  resolveFlowRuntime,
  resolveStoragePlugin,
  type SerializedStorage,
  type StorageBackendV2,
  type StorageBuildOptions,
} from '@headwater/core';
import { recordingReporter } from '@headwater/storage-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { type ProductionRunOptions, runDeployedFlow } from './run-deployed-flow.js';

/** What `build()` of a backend resolves to: a backend of the same kind. */
type Built<S extends StorageBackendV2> = Awaited<ReturnType<S['build']>>;

/**
 * Options of {@link describeStorageBackend}.
 *
 * @example
 * ```ts
 * describeStorageBackend({
 *   name: 'headwater-storage-cas:storagePlugin',
 *   create: () => createCasStorage({ root: join(headwaterHome(), 'cas-conformance') }),
 *   cleanup: (built) => rm(built.root, { recursive: true, force: true }),
 * });
 * ```
 */
export interface StorageBackendSuiteOptions<S extends StorageBackendV2 = StorageBackendV2> {
  /**
   * The backend's serialized `type` (`"Docker"`, `"my-package:storagePlugin"`); also the suite
   * title. The suite loads your plugin by this name through `loadStorage`, as agents do, so
   * the package must resolve from the working directory (your package resolves itself by
   * name when its package.json has `exports`).
   */
  name: string;
  /**
   * A fresh, empty backend; called once per test. Give every call the same options (the same
   * directory, bucket or registry): the suite compares what two fresh backends build.
   */
  create(): S | Promise<S>;
  /**
   * Options passed to every `build()` (e.g. `{ push: false }`).
   * @default {} (plus the Headwater runtime this testkit installs)
   */
  buildOptions?: StorageBuildOptions;
  /**
   * Whether `getFlow` works in the test process after `build()`. Docker storage loads
   * flows only inside its image, so it sets this to `false`.
   * @default true
   */
  loadsFlowsAfterBuild?: boolean;
  /**
   * An absolute path of a module exporting the flows to store; its first flow is run.
   * @default the suite's own fixture (two small flows)
   */
  flowModule?: string;
  /** Removes what a build made (images, directories); called once per built backend. */
  cleanup?(built: Built<S>): Promise<void> | void;
  /**
   * Timeout of each build test, in milliseconds.
   * @default 120_000
   */
  buildTimeout?: number;
  /** How the production run (a real server and a stock agent) is set up. */
  run?: ProductionRunOptions;
}

const here = fileURLToPath(import.meta.url);
/** The fixture module the suite stores by default (TypeScript in the workspace, JS when installed). */
export const conformanceFlowsModule = join(dirname(here), 'fixtures', `conformance-flows${extname(here)}`);

async function loadFlows(module: string): Promise<Flow[]> {
  const exports = (await import(/* @vite-ignore */ pathToFileURL(module).href)) as Record<string, unknown>;
  const flows = Object.values(exports).filter(
    (value): value is Flow =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Flow).serialize === 'function' &&
      'sourceModule' in value,
  );
  if (flows.length === 0) throw new Error(`${module} exports no Flow`);
  return flows;
}

const withoutStorage = (flow: Flow) => {
  const { storage: _storage, ...rest } = flow.serialize() as unknown as Record<string, unknown>;
  return rest;
};

const snakeCaseKeys = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(snakeCaseKeys);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    ...(/^[a-z0-9_]+$/.test(key) || key === '__version__' ? [] : [key]),
    ...(key === 'flows' ? [] : snakeCaseKeys(child)),
  ]);
};

/**
 * The conformance suite of the storage contract (`StorageBackendV2` + `StoragePluginV2`).
 * Every backend runs it — Headwater's own and third-party ones — from a vitest test file.
 * It covers the plugin as agents load it (by name, through `loadStorage`), adding flows,
 * name conflicts, serialization and the round trip, build (metadata, determinism across two
 * fresh backends, progress, an abort before and during the build), loading built flows back,
 * and a production run: the flow deployed to a real server and run to Success by a stock
 * agent, in the process or container the backend's `launch` describes.
 */
export function describeStorageBackend<S extends StorageBackendV2>(
  options: StorageBackendSuiteOptions<S>,
): void {
  const buildTimeout = options.buildTimeout ?? 120_000;
  const built: Built<S>[] = [];
  const flowsPromise = loadFlows(options.flowModule ?? conformanceFlowsModule);
  // The runtime as the installed testkit sees it: what a deploy from the author's project bundles.
  const runtime = resolveFlowRuntime([dirname(here)]);
  const buildOptions = async (extra: StorageBuildOptions = {}) => ({
    runtime: await runtime,
    ...options.buildOptions,
    ...extra,
  });

  const fresh = async () => ({ storage: await options.create(), flows: await flowsPromise });
  const filled = async () => {
    const { storage, flows } = await fresh();
    for (const flow of flows) storage.addFlow(flow);
    return { storage, flows };
  };
  const build = async (storage: S, extra: StorageBuildOptions = {}) => {
    const result = (await storage.build(await buildOptions(extra))) as Built<S>;
    built.push(result);
    return result;
  };

  describe(`storage backend conformance: ${options.name}`, () => {
    afterAll(async () => {
      for (const storage of built) await options.cleanup?.(storage);
    });

    it('is found by its name through loadStorage, implements specification v2 and says how its runs start', async () => {
      const plugin = await resolveStoragePlugin(options.name);
      expect(plugin.specificationVersion).toBe('v2');
      expect(plugin.type).toBe(options.name);
      expect(['process', 'container', 'custom']).toContain(plugin.launchKind);
      const { storage } = await fresh();
      expect(storage.specificationVersion).toBe('v2');
      expect(storage.name).toBe(options.name);
    });

    it('starts empty', async () => {
      const { storage } = await fresh();
      expect(storage.flows).toEqual({});
      expect(storage.contains('conformance-flow')).toBe(false);
    });

    it('adds flows and returns their locations', async () => {
      const { storage, flows } = await fresh();
      for (const flow of flows) {
        const location = storage.addFlow(flow);
        expect(typeof location).toBe('string');
        expect(location.length).toBeGreaterThan(0);
        expect(storage.flows[flow.name]).toBe(location);
        expect(storage.contains(flow.name)).toBe(true);
      }
      expect(Object.keys(storage.flows).sort()).toEqual(flows.map((f) => f.name).sort());
    });

    it('refuses a second flow with the same name and keeps the first', async () => {
      const { storage, flows } = await fresh();
      const flow = flows[0]!;
      const location = storage.addFlow(flow);
      const error = (() => {
        try {
          storage.addFlow(flow);
        } catch (e) {
          return e;
        }
      })();
      expect(HeadwaterError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(flow.name);
      expect(storage.flows).toEqual({ [flow.name]: location });
    });

    it('serializes to JSON-safe snake_case metadata with type, flows and __version__', async () => {
      const { storage } = await filled();
      const serialized = storage.serialize();
      expect(serialized.type).toBe(options.name);
      expect(serialized.flows).toEqual(storage.flows);
      expect(typeof serialized.__version__).toBe('string');
      expect(JSON.parse(JSON.stringify(serialized))).toEqual(serialized);
      expect(snakeCaseKeys(serialized)).toEqual([]);
    });

    it('round-trips through loadStorage, ignoring unknown keys', async () => {
      const { storage } = await filled();
      const serialized = storage.serialize();
      const restored = await loadStorage(JSON.parse(JSON.stringify(serialized)) as SerializedStorage);
      expect(restored.name).toBe(options.name);
      expect(restored.flows).toEqual(storage.flows);
      expect(restored.serialize()).toEqual(serialized);
      const future = await loadStorage({ ...serialized, a_future_field: 1 });
      expect(future.serialize()).toEqual(serialized);
    });

    it('rejects getFlow and launch for a flow it does not hold', async () => {
      const { storage } = await filled();
      const loading = await storage.getFlow('no-such-flow').catch((e: unknown) => e);
      expect(HeadwaterError.isInstance(loading)).toBe(true);
      const launching = await storage.launch('no-such-flow').catch((e: unknown) => e);
      expect(HeadwaterError.isInstance(launching)).toBe(true);
    });

    it(
      'builds: resolves to a storage of the same type and flows, reports its steps, leaves the original alone',
      async () => {
        const { storage, flows } = await filled();
        const before = storage.serialize();
        const reporter = recordingReporter();
        const result = await build(storage, { reporter });
        expect(result.specificationVersion).toBe('v2');
        expect(result.name).toBe(options.name);
        for (const flow of flows) expect(result.contains(flow.name)).toBe(true);
        expect(result.serialize().type).toBe(options.name);
        expect(Object.keys(result.serialize().flows).sort()).toEqual(flows.map((f) => f.name).sort());
        expect(storage.serialize()).toEqual(before);
        const started = reporter.events.filter((e) => e.method === 'step').map((e) => e.id);
        expect(started.length).toBeGreaterThan(0);
        const ended = new Set(
          reporter.events.filter((e) => e.method === 'done' || e.method === 'fail').map((e) => e.id),
        );
        expect(started.filter((id) => !ended.has(id))).toEqual([]);
        const restored = await loadStorage(result.serialize());
        expect(restored.serialize()).toEqual(result.serialize());
        const plugin = await resolveStoragePlugin(options.name);
        expect((await restored.launch(flows[0]!.name)).kind).toBe(plugin.launchKind);

        if (options.loadsFlowsAfterBuild !== false) {
          for (const flow of flows) {
            const loaded = await result.getFlow(flow.name);
            expect(loaded.name).toBe(flow.name);
            expect(withoutStorage(loaded)).toEqual(withoutStorage(flow));
            const fromMetadata = await restored.getFlow(flow.name);
            expect(withoutStorage(fromMetadata)).toEqual(withoutStorage(flow));
          }
        }
      },
      buildTimeout,
    );

    it(
      'gives identical metadata when two fresh backends build the same flows, and when one builds twice',
      async () => {
        const first = await build((await filled()).storage);
        const second = await build((await filled()).storage);
        expect(second.serialize()).toEqual(first.serialize());
        const again = await build(second as unknown as S);
        expect(again.serialize()).toEqual(first.serialize());
      },
      buildTimeout * 3,
    );

    it('stops a build whose signal is already aborted', async () => {
      const { storage } = await filled();
      const controller = new AbortController();
      controller.abort(new Error('stop'));
      await expect(storage.build(await buildOptions({ signal: controller.signal }))).rejects.toThrow();
    });

    it(
      'stops a build aborted once it has started, and builds again afterwards',
      async () => {
        const { storage, flows } = await filled();
        const controller = new AbortController();
        const reporter = recordingReporter();
        const step = reporter.step;
        reporter.step = (id, title) => {
          step(id, title);
          controller.abort(new Error('aborted while building'));
        };
        await expect(
          storage.build(await buildOptions({ signal: controller.signal, reporter })),
        ).rejects.toThrow();
        const result = await build(storage);
        for (const flow of flows) expect(result.contains(flow.name)).toBe(true);
      },
      buildTimeout * 2,
    );

    it(
      'runs a deployed flow to Success with a stock agent, the way production does',
      async () => {
        const { storage } = await fresh();
        const [flow] = await flowsPromise;
        const outcome = await runDeployedFlow({
          flow: flow!,
          storage,
          buildOptions: await buildOptions(),
          parameters: { x: 5 },
          options: options.run ?? {},
        });
        const summary = outcome.logs.map((log) => `${log.level} ${log.message}`).join('\n');
        expect(outcome.state, summary).toBe('Success');
        if (options.flowModule === undefined) {
          expect(outcome.results).toMatchObject({ 'double-1': 10, 'increment-1': 11 });
        }
      },
      (options.run?.timeout ?? 180_000) + buildTimeout,
    );
  });
}

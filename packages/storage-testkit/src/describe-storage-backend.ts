import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type Flow,
  HeadwaterError,
  type ProgressReporter,
  resolveFlowRuntime,
  type SerializedStorage,
  type StorageBackendV2,
  type StorageBuildOptions,
  type StoragePluginV2,
} from '@headwater/core';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Options of {@link describeStorageBackend}.
 *
 * @example
 * ```ts
 * describeStorageBackend({
 *   name: 'Local',
 *   create: () => createLocalStorage({ directory: mkdtempSync(join(tmpdir(), 'flows-')) }),
 *   plugin: storagePlugin,
 * });
 * ```
 */
export interface StorageBackendSuiteOptions<S extends StorageBackendV2 = StorageBackendV2> {
  /** The backend's serialized `type` (`"Docker"`, `"my-package:storagePlugin"`); also the suite title. */
  name: string;
  /** A fresh, empty backend; called once per test. */
  create(): S | Promise<S>;
  /** The plugin your package exports as `storagePlugin`. */
  plugin: StoragePluginV2;
  /**
   * Options passed to every `build()` (e.g. `{ push: false }`).
   * @default {}
   */
  buildOptions?: StorageBuildOptions;
  /**
   * Whether `getFlow` works in the test process after `build()`. Docker storage loads
   * flows only inside its image, so it sets this to `false`.
   * @default true
   */
  loadsFlowsAfterBuild?: boolean;
  /**
   * An absolute path of a module exporting the flows to store.
   * @default the suite's own fixture (two small flows)
   */
  flowModule?: string;
  /** Removes what a build made (images, directories); called once per built backend. */
  cleanup?(built: StorageBackendV2): Promise<void> | void;
  /**
   * Timeout of each build test, in milliseconds.
   * @default 120_000
   */
  buildTimeout?: number;
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

/** A reporter that records every call, to check the backend reports its steps. */
export function recordingReporter(): ProgressReporter & {
  events: { method: string; id: string; text?: string }[];
} {
  const events: { method: string; id: string; text?: string }[] = [];
  return {
    events,
    step: (id, title) => events.push({ method: 'step', id, text: title }),
    progress: (id, done, total, detail) =>
      events.push({ method: 'progress', id, text: `${done}/${total ?? '?'} ${detail ?? ''}` }),
    log: (id, line) => events.push({ method: 'log', id, text: line }),
    done: (id, summary) => events.push({ method: 'done', id, text: summary }),
    fail: (id, error) => events.push({ method: 'fail', id, text: error.message }),
  };
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
 * It covers adding flows, name conflicts, serialization and the plugin round trip, build
 * (metadata, determinism, progress, abort), and loading built flows back.
 */
export function describeStorageBackend<S extends StorageBackendV2>(
  options: StorageBackendSuiteOptions<S>,
): void {
  const buildOptions = options.buildOptions ?? {};
  const buildTimeout = options.buildTimeout ?? 120_000;
  const built: StorageBackendV2[] = [];
  const flowsPromise = loadFlows(options.flowModule ?? conformanceFlowsModule);

  const fresh = async () => ({ storage: await options.create(), flows: await flowsPromise });
  const filled = async () => {
    const { storage, flows } = await fresh();
    for (const flow of flows) storage.addFlow(flow);
    return { storage, flows };
  };
  // The runtime as an installed testkit sees it: the one a deploy from the author's project bundles.
  const runtime = resolveFlowRuntime([dirname(here)]);
  const build = async (storage: StorageBackendV2, extra: StorageBuildOptions = {}) => {
    const result = await storage.build({ runtime: await runtime, ...buildOptions, ...extra });
    built.push(result);
    return result;
  };

  describe(`storage backend conformance: ${options.name}`, () => {
    afterAll(async () => {
      for (const storage of built) await options.cleanup?.(storage);
    });

    it('implements specification v2 and names its type', async () => {
      const { storage } = await fresh();
      expect(storage.specificationVersion).toBe('v2');
      expect(storage.name).toBe(options.name);
      expect(options.plugin.specificationVersion).toBe('v2');
      expect(options.plugin.type).toBe(options.name);
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
      let error: unknown;
      try {
        storage.addFlow(flow);
      } catch (e) {
        error = e;
      }
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

    it('round-trips through its plugin, ignoring unknown keys', async () => {
      const { storage } = await filled();
      const serialized = storage.serialize();
      const restored = options.plugin.fromSerialized(
        JSON.parse(JSON.stringify(serialized)) as SerializedStorage,
      );
      expect(restored.name).toBe(options.name);
      expect(restored.flows).toEqual(storage.flows);
      expect(restored.serialize()).toEqual(serialized);
      const future = options.plugin.fromSerialized({ ...serialized, a_future_field: 1 });
      expect(future.serialize()).toEqual(serialized);
    });

    it('rejects getFlow for a flow it does not hold', async () => {
      const { storage } = await filled();
      const error = await storage.getFlow('no-such-flow').catch((e: unknown) => e);
      expect(HeadwaterError.isInstance(error)).toBe(true);
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
        const restored = options.plugin.fromSerialized(result.serialize());
        expect(restored.serialize()).toEqual(result.serialize());

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
      'gives identical metadata when the same flows are built again',
      async () => {
        const { storage } = await filled();
        const first = await build(storage);
        const second = await build(storage);
        expect(second.serialize()).toEqual(first.serialize());
      },
      buildTimeout * 2,
    );

    it('stops a build whose signal is already aborted', async () => {
      const { storage } = await filled();
      const controller = new AbortController();
      controller.abort(new Error('stop'));
      await expect(storage.build({ ...buildOptions, signal: controller.signal })).rejects.toThrow();
    });
  });
}

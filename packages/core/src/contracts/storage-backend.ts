import type { Flow } from '../flow/flow.js';
import type { ProgressReporter } from './progress-reporter.js';
import type { SerializedStorage } from './serialized.js';

/** Options of {@link StorageBackendV1.build}. */
export interface StorageBuildOptions {
  /**
   * Push the built artifact (e.g. the image) to its registry.
   * @default true
   */
  push?: boolean;
  /** Where build steps, log lines and progress go. */
  reporter?: ProgressReporter;
  /** Aborts the build. */
  signal?: AbortSignal;
}

/**
 * A storage backend: where a flow's runnable code lives. Returned by a factory such as
 * `createDockerStorage(options)`; plain object, options never mutated.
 *
 * @example
 * ```ts
 * const storage = createDockerStorage({ registryUrl: '127.0.0.1:5000' });
 * storage.addFlow(flow);
 * const built = await storage.build({ push: true, reporter });
 * const metadata = built.serialize();
 * ```
 */
export interface StorageBackendV1 {
  readonly specificationVersion: 'v1';
  /** Serialized `type`, e.g. `"Docker"`, `"Local"` (third party: `"<package>:<export>"`). */
  readonly name: string;
  /** Flow name → location inside the storage. */
  readonly flows: Readonly<Record<string, string>>;
  /** Registers a flow to be stored; returns its location. Duplicate name → error. */
  addFlow(flow: Flow): string;
  /** True when a flow of that name was added. */
  contains(flowName: string): boolean;
  /** Loads the runnable flow (inside the image / from the directory). */
  getFlow(flowName: string, options?: { signal?: AbortSignal }): Promise<Flow>;
  /** Builds (and for Docker pushes); resolves to the built storage, metadata filled in. */
  build(options?: StorageBuildOptions): Promise<StorageBackendV1>;
  /** `{ type, flows, …backend fields, __version__ }`. */
  serialize(): SerializedStorage;
}

/**
 * What a storage plugin package exports as `storagePlugin` (or under `"<package>:<export>"`).
 *
 * @example
 * ```ts
 * export const storagePlugin: StoragePluginV1 = {
 *   specificationVersion: 'v1',
 *   type: 'Docker',
 *   fromSerialized: (serialized) => createDockerStorage(optionsFrom(serialized)),
 * };
 * ```
 */
export interface StoragePluginV1 {
  readonly specificationVersion: 'v1';
  /** The serialized `type` this plugin reads, e.g. `"Docker"`. */
  readonly type: string;
  /** Restores a backend from its serialized form (flows and metadata included). */
  fromSerialized(serialized: SerializedStorage): StorageBackendV1;
}

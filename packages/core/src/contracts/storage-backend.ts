import type { Flow } from '../flow/flow.js';
import type { FlowLaunch, FlowLaunchKind } from './flow-launch.js';
import type { FlowRuntime } from './flow-runtime.js';
import type { ProgressReporter } from './progress-reporter.js';
import type { SerializedStorage } from './serialized.js';

/** The storage specification this `@headwater/core` implements. */
export const STORAGE_SPECIFICATION_VERSION = 'v2';

/** Options of {@link StorageBackendV2.build}. */
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
  /**
   * The Headwater runtime to bundle with the flows. The deployer resolves it from the
   * flow's project (`resolveFlowRuntime`).
   * @default `resolveFlowRuntime` from the flows' directories
   */
  runtime?: FlowRuntime;
}

/**
 * A storage backend: where a flow's runnable code lives, and how an agent starts it.
 * Returned by a factory such as `createDockerStorage(options)`; a plain object whose
 * options are never mutated.
 *
 * @example
 * ```ts
 * const storage = createDockerStorage({ registryUrl: '127.0.0.1:5000' });
 * storage.addFlow(flow);
 * const built = await storage.build({ push: true, reporter });
 * const metadata = built.serialize();
 * // on an agent, from the metadata:
 * const launch = await (await loadStorage(metadata)).launch('etl');
 * ```
 */
export interface StorageBackendV2 {
  readonly specificationVersion: 'v2';
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
  build(options?: StorageBuildOptions): Promise<StorageBackendV2>;
  /** `{ type, flows, …backend fields, __version__ }`. */
  serialize(): SerializedStorage;
  /**
   * How an agent starts a run of `flowName` from this storage (restored from its metadata
   * with the plugin's `fromSerialized`). Its `kind` is the plugin's `launchKind`. Rejects
   * with an error saying what to do when the flow cannot be run from here (e.g. a Local
   * bundle that is not on this machine).
   */
  launch(flowName: string, options?: { signal?: AbortSignal }): Promise<FlowLaunch>;
}

/**
 * What a storage plugin package exports as `storagePlugin` (or under `"<package>:<export>"`).
 *
 * @example
 * ```ts
 * export const storagePlugin: StoragePluginV2 = {
 *   specificationVersion: 'v2',
 *   type: 'Docker',
 *   launchKind: 'container',
 *   fromSerialized: (serialized) => createDockerStorage(optionsFrom(serialized)),
 * };
 * ```
 */
export interface StoragePluginV2 {
  readonly specificationVersion: 'v2';
  /** The serialized `type` this plugin reads, e.g. `"Docker"`. */
  readonly type: string;
  /**
   * The kind of {@link FlowLaunch} its backends answer: which agents can run its flows
   * (`process`: process agents; `container`: Docker agents; `custom`: any agent).
   */
  readonly launchKind: FlowLaunchKind;
  /** Restores a backend from its serialized form (flows and metadata included). */
  fromSerialized(serialized: SerializedStorage): StorageBackendV2;
}

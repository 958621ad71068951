import type { Flow } from '../flow/flow.js';
import type { Executor } from './executor.js';
import type { SerializedEnvironment } from './serialized.js';
import type { StorageBackendV2 } from './storage-backend.js';

/** Options of {@link EnvironmentV1.execute}. */
export interface EnvironmentExecuteOptions {
  /** Aborts the run. */
  signal?: AbortSignal;
  /** Parameter values for the run. */
  parameters?: Record<string, unknown>;
  /** Run context handed to the runner (ids, scheduled start time, …). */
  context?: Record<string, unknown>;
  /**
   * How the loaded flow is run. Default: a local `FlowRunner` with the environment's
   * executor. The cloud runner passes its own so states are reported to the API.
   */
  runFlow?: (
    flow: Flow,
    options: {
      executor: Executor;
      signal?: AbortSignal;
      parameters?: Record<string, unknown>;
      context?: Record<string, unknown>;
    },
  ) => Promise<unknown>;
}

/**
 * An environment runs a flow from storage. Serialized with `type`, e.g.
 * `RemoteEnvironment` (executor by name + kwargs, labels). Implementations live in
 * `@headwater/environments`.
 *
 * @example
 * ```ts
 * const flow = new Flow('etl', { environment: new RemoteEnvironment({ executor: 'LocalConcurrentExecutor' }) });
 * const finalState = await flow.environment!.execute(storage, 'etl');
 * ```
 */
export interface EnvironmentV1 {
  readonly specificationVersion: 'v1';
  /** Serialized `type`, e.g. `"RemoteEnvironment"`. */
  readonly type: string;
  /** Agents only pick up flows whose labels they all carry. */
  readonly labels: readonly string[];
  /** Loads `flowName` from `storage` and runs it; resolves to the final flow State. */
  execute(storage: StorageBackendV2, flowName: string, options?: EnvironmentExecuteOptions): Promise<unknown>;
  serialize(): SerializedEnvironment;
}

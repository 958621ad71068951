import {
  type EnvironmentExecuteOptions,
  type EnvironmentV1,
  type JsonValue,
  resolveExecutor,
  type SerializedEnvironment,
  type StorageBackendV2,
  VERSION,
} from '@headwater/core';
import { configuredDefaultExecutor } from './default-executor.js';
import { runFlowWithExecutor } from './run-flow-with-executor.js';

/**
 * Options of a {@link RemoteEnvironment}.
 *
 * @example
 * ```ts
 * new RemoteEnvironment({ executor: 'LocalConcurrentExecutor', executorKwargs: { maxConcurrency: 4 }, labels: ['gpu'] })
 * ```
 */
export interface RemoteEnvironmentOptions {
  /**
   * The executor, by name: a built-in (`"LocalExecutor"`, `"LocalConcurrentExecutor"`) or
   * `"<package>:<export>"` (e.g. `"@acme/headwater-bullmq:BullMQExecutor"`).
   * @default the configured default (`engine.executor.default_class`), `"@headwater/core:LocalExecutor"` unless changed
   */
  executor?: string;
  /**
   * Options the executor class is constructed with (JSON; serialized as `executor_kwargs`).
   * @default {}
   */
  executorKwargs?: Readonly<Record<string, JsonValue>>;
  /**
   * Labels an agent must carry to run this flow.
   * @default []
   */
  labels?: readonly string[];
}

/**
 * The default environment of every flow: loads the flow from its storage and runs it with
 * the executor named by `executor`, constructed with `executorKwargs`.
 *
 * @example
 * ```ts
 * const flow = new Flow('etl', { environment: new RemoteEnvironment({ executor: 'LocalConcurrentExecutor' }) });
 * ```
 */
export class RemoteEnvironment implements EnvironmentV1 {
  readonly specificationVersion = 'v1' as const;
  readonly type = 'RemoteEnvironment' as const;
  readonly executor: string;
  readonly executorKwargs: Readonly<Record<string, JsonValue>>;
  readonly labels: readonly string[];

  constructor(options: RemoteEnvironmentOptions = {}) {
    this.executor = options.executor ?? configuredDefaultExecutor();
    this.executorKwargs = structuredClone({ ...(options.executorKwargs ?? {}) });
    this.labels = [...(options.labels ?? [])];
  }

  /** Loads `flowName` from `storage`, resolves the executor, runs the flow; resolves to its final state. */
  async execute(
    storage: StorageBackendV2,
    flowName: string,
    options: EnvironmentExecuteOptions = {},
  ): Promise<unknown> {
    const flow = await storage.getFlow(flowName, { signal: options.signal });
    const executor = await resolveExecutor(this.executor, structuredClone({ ...this.executorKwargs }));
    return runFlowWithExecutor(flow, executor, options);
  }

  serialize(): SerializedEnvironment {
    return {
      type: this.type,
      executor: this.executor,
      executor_kwargs: structuredClone({ ...this.executorKwargs }),
      labels: [...this.labels],
      __version__: VERSION,
    };
  }
}

import {
  type EnvironmentExecuteOptions,
  type EnvironmentV1,
  resolveExecutor,
  type SerializedEnvironment,
  type StorageBackendV2,
  VERSION,
} from '@headwater/core';
import { configuredDefaultExecutor } from './default-executor.js';
import { runFlowWithExecutor } from './run-flow-with-executor.js';

/**
 * Options of a {@link LocalEnvironment}.
 *
 * @example
 * ```ts
 * new LocalEnvironment({ labels: ['laptop'] })
 * ```
 */
export interface LocalEnvironmentOptions {
  /**
   * Labels an agent must carry to run this flow.
   * @default []
   */
  labels?: readonly string[];
}

/**
 * Runs the flow in the process that executes it, with the default executor. Serialized
 * with its labels only.
 *
 * @example
 * ```ts
 * const flow = new Flow('etl', { environment: new LocalEnvironment({ labels: ['laptop'] }) });
 * ```
 */
export class LocalEnvironment implements EnvironmentV1 {
  readonly specificationVersion = 'v1' as const;
  readonly type = 'LocalEnvironment' as const;
  readonly labels: readonly string[];

  constructor(options: LocalEnvironmentOptions = {}) {
    this.labels = [...(options.labels ?? [])];
  }

  /** Loads `flowName` from `storage` and runs it with the default executor; resolves to its final state. */
  async execute(
    storage: StorageBackendV2,
    flowName: string,
    options: EnvironmentExecuteOptions = {},
  ): Promise<unknown> {
    const flow = await storage.getFlow(flowName, { signal: options.signal });
    return runFlowWithExecutor(flow, await resolveExecutor(configuredDefaultExecutor()), options);
  }

  serialize(): SerializedEnvironment {
    return { type: this.type, labels: [...this.labels], __version__: VERSION };
  }
}

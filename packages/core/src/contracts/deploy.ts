import type { Flow } from '../flow/flow.js';
import type { ProgressReporter } from './progress-reporter.js';

/**
 * Options of `flow.deploy(projectName, options)`. Besides the fields below, any option of
 * the default storage factory (`createDockerStorage`, e.g. `registryUrl`, `imageName`,
 * `baseImage`) is accepted and used when the flow has no storage yet, as in the seed's
 * `f.deploy("My First Project", registry_url=…)`.
 *
 * @example
 * ```ts
 * const flowId = await flow.deploy('My Project', { registryUrl: '127.0.0.1:5000' });
 * ```
 */
export interface FlowDeployOptions {
  /**
   * Build (and push) the storage before registering.
   * @default true
   */
  build?: boolean;
  /**
   * Turn the flow's schedule on when registering.
   * @default true
   */
  setScheduleActive?: boolean;
  /** Where build and push progress goes. */
  reporter?: ProgressReporter;
  /** Aborts the deploy. */
  signal?: AbortSignal;
  /** Redeploying with the key of the latest version returns that version instead of a new one. */
  idempotencyKey?: string;
  /** Description stored with the flow. */
  description?: string;
  [storageOption: string]: unknown;
}

/** The options of {@link FlowDeployOptions} that are about deploying, not about storage. */
export const DEPLOY_OPTION_KEYS: readonly string[] = [
  'build',
  'setScheduleActive',
  'reporter',
  'signal',
  'idempotencyKey',
  'description',
];

/**
 * The contract `@headwater/client` exports as `deployFlow`: builds the flow's storage,
 * registers the flow's metadata in the project, resolves to the new flow's id.
 */
export type DeployFlowFunction = (
  flow: Flow,
  projectName: string,
  options?: FlowDeployOptions,
) => Promise<string>;

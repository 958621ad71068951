import type { Flow } from '../flow/flow.js';
import type { ProgressReporter } from './progress-reporter.js';

/**
 * The deploy options of `flow.deploy(projectName, options)`. Its other options are those
 * of the storage `flow.deploy` creates for a flow without storage — the configured default
 * storage, Docker unless changed (see `Flow.deploy`); a flow that has storage takes none.
 * Unknown options are refused with the option probably meant.
 *
 * @example
 * ```ts
 * const flowId = await flow.deploy('My Project', { registryUrl: '127.0.0.1:5000', setScheduleActive: false });
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
  /** The `Client` of `@headwater/client` to deploy with. @default `new Client()` */
  client?: unknown;
}

/** The options of {@link FlowDeployOptions} that are about deploying, not about storage. */
export const DEPLOY_OPTION_KEYS: readonly string[] = [
  'build',
  'setScheduleActive',
  'reporter',
  'signal',
  'idempotencyKey',
  'description',
  'client',
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

import type { SecretSource } from './secret-source.js';

/**
 * A child flow run for {@link FlowRunLauncher.runAndWait}: which flow (by name and project, or
 * by version group), its parameters, and the idempotency key that makes starting it once per
 * parent task run.
 */
export interface ChildFlowRunRequest {
  /** Name of the flow to run (with `projectName`). */
  readonly flowName?: string;
  /** Project of `flowName`. */
  readonly projectName?: string;
  /** Version group of the flow to run (its newest unarchived version runs). */
  readonly versionGroupId?: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The same key starts no second run: derived from the parent task run. */
  readonly idempotencyKey: string;
  /** The task run starting the child, recorded as its parent; absent outside an orchestrated run. */
  readonly parentTaskRunId?: string;
  /** A name for the child run. @default the API's two-word name */
  readonly runName?: string;
}

/** How a child flow run ended. */
export interface ChildFlowRunOutcome {
  readonly flowRunId: string;
  /** Its final state type, e.g. `Success`. */
  readonly state: string;
  readonly message: string | null;
  /** The result of its reference tasks: one task's result, or results by task slug. */
  readonly result: unknown;
}

/** Starts a flow run and waits for its final state: what `runFlow` uses, provided by the runtime. */
export interface FlowRunLauncher {
  runAndWait(request: ChildFlowRunRequest, options: { signal: AbortSignal }): Promise<ChildFlowRunOutcome>;
}

/**
 * What the environment of a run provides to its tasks beyond their inputs. A run process of
 * an agent (`@headwater/runtime`) provides secrets from the API and a launcher of child runs;
 * `flow.run()` reads secrets from environment variables and starts no flow runs.
 *
 * @example
 * ```ts
 * const services: RunServices = { secrets: environmentSecrets() };
 * await new FlowRunner(flow, { services }).run();
 * ```
 */
export interface RunServices {
  /** @default {@link environmentSecrets} */
  readonly secrets?: SecretSource;
  /** None: `runFlow` tasks fail, saying they need the Headwater API. */
  readonly flowRuns?: FlowRunLauncher;
}

import type { Flow } from '../flow/flow.js';
import type { Cached, State } from '../states/state.js';
import type { Task } from '../tasks/task.js';

/** What a state-change hook returns: a replacement state, or nothing. */
// biome-ignore lint/suspicious/noConfusingVoidType: hooks written as `async () => {}` return Promise<void>.
export type HookAnswer = State | undefined | void;

/** A state change a hook sees. `context` is the run's (or task run's) mutable context record. */
export interface StateChange {
  readonly oldState: State;
  readonly newState: State;
  readonly context: Record<string, unknown>;
}

/** What `initializeTaskRun` may supply. */
export interface TaskRunInitialization {
  /** The task run's current state. */
  state?: State;
  /** Entries added to the task run's context. */
  context?: Record<string, unknown>;
}

/** A task run as hooks see it. */
export interface TaskRunInfo {
  readonly task: Task<any, unknown>;
  /** Index of the mapped child, `null` for an unmapped run (or the parent of a mapped one). */
  readonly mapIndex: number | null;
  /** The task run's mutable context record (ids, versions); also what the task sees as `context`. */
  readonly context: Record<string, unknown>;
}

/**
 * Hooks a runner calls so an orchestrator can follow and steer a run: the cloud runners
 * write every state to the API (with version locking) and read existing task runs.
 *
 * A state-change hook runs after the user's state handlers. It may return a replacement
 * state; returning a meta state (e.g. `Queued`) or throwing `EndRun(state)` stops the run
 * with that state. Any other error refuses the transition: a flow run stops with the
 * refused state (not persisted); a task run ends `ClientFailed` wrapping it.
 *
 * @example
 * ```ts
 * const hooks: RunnerHooks = {
 *   flowRunStateChange: async ({ newState, context }) => {
 *     await api.setFlowRunState(context.flowRunId, context.flowRunVersion, newState.serialize());
 *     context.flowRunVersion = Number(context.flowRunVersion) + 1;
 *   },
 * };
 * await new FlowRunner(flow, { hooks }).run({ context: { flowRunId, flowRunVersion: 3 } });
 * ```
 */
export interface RunnerHooks {
  /** Every flow-run state change. */
  flowRunStateChange?(change: StateChange & { readonly flow: Flow }): Promise<HookAnswer> | HookAnswer;
  /** Every task-run state change. */
  taskRunStateChange?(change: StateChange & TaskRunInfo): Promise<HookAnswer> | HookAnswer;
  /**
   * Before a task run (or mapped child) starts: may return its current state (e.g. from the
   * API, for mapped children created on the fly) and context entries (task run id, version).
   */
  initializeTaskRun?(
    info: TaskRunInfo & { readonly state: State },
  ): Promise<TaskRunInitialization | undefined>;
  /** Cached states of other runs that may be reused (besides this process's own cache). */
  cachedStates?(info: TaskRunInfo & { readonly cacheKey: string }): Promise<readonly Cached[]>;
}

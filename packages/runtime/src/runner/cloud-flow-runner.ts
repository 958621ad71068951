import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, FlowRunInfo, SetStateResult } from '@headwater/client';
import { VersionLockError } from '@headwater/client';
import {
  CacheStore,
  deserializeState,
  EndRun,
  type Executor,
  type Flow,
  FlowRunner,
  Paused,
  Pending,
  Queued,
  type RunnerHooks,
  type RunServices,
  type State,
} from '@headwater/core';
import { CheckpointResultHandler } from './checkpoint-result-handler.js';
import { CrossRunCache } from './cross-run-cache.js';
import { pausedWork } from './paused-tasks.js';
import type { RunLogger } from './run-logger.js';
import { scopedExecutor, setScopeLogger } from './task-log-scope.js';
import { isTransient, TaskRunReporter } from './task-run-reporter.js';

/** How one execution of a flow run ended, from the point of view of its process. */
export type CloudRunOutcome =
  /** The run reached a final state, and it was written. */
  | { kind: 'finished'; state: State }
  /** The run is Scheduled for later; nothing ran. */
  | { kind: 'not-due'; state: State }
  /** The run was finished, cancelled or in a state nothing runs from. */
  | { kind: 'not-runnable'; state: State }
  /** Another process changed the run first (its version moved on); this one ran nothing more. */
  | { kind: 'not-ours'; reason: string }
  /** The flow's concurrency limit was full: the API stored the flow run Queued; the queue hands it out again. */
  | { kind: 'queued'; state: State }
  /** Only paused tasks are left: the flow run was written Paused and waits without a process. */
  | { kind: 'paused'; state: State }
  /** Tasks are left for later: retries due after this process, or task runs another process holds. */
  | { kind: 'unfinished'; state: State }
  /** A state could not be written to the API. */
  | { kind: 'report-failed'; state: State; error: unknown };

/** Options of a {@link CloudFlowRunner}. */
export interface CloudFlowRunnerOptions {
  client: Client;
  /** The flow run as read before starting (version, state, task runs, parameters). */
  flowRun: FlowRunInfo;
  /** The flow run's logger; task loggers are its children. */
  logger: RunLogger;
  /**
   * Called once the run is this process's: `Running` was written (`wroteRunning`, which also
   * renewed the run's heartbeat in the API), or the run was already running.
   */
  onOwned?: (how: { wroteRunning: boolean }) => void;
  /** Called when the API says the run is being cancelled. */
  onCancelling?: () => void;
  /** Sends the log lines waiting so far; called before the final state is written. */
  flushLogs?: () => Promise<void>;
  /**
   * Checkpoint task results in their states (needed to resume a run in another process).
   * @default true
   */
  checkpoint?: boolean;
  /**
   * Retries due within this many milliseconds wait in this process; later ones end the task
   * run `Retrying` and the agent submits the flow run again when it is due.
   * @default 60000
   */
  inProcessRetryLimitMs?: number;
  /** What the run's tasks may use besides their inputs: secrets from the API, child flow runs. */
  services?: RunServices;
}

type TaskRunRecord = FlowRunInfo['taskRuns'][number];

const FLOW_RUN_VERSION = 'query cloudFlowRunVersion($id: ID!) { flowRun(id: $id) { version state } }';
const TASK_RUNS = `query cloudTaskRuns($id: ID!) { flowRun(id: $id) {
  taskRuns { id version taskId taskSlug mapIndex state serializedState } } }`;

/** Meta states (Submitted, Queued) wrap the state a run is really in. */
function unwrap(state: State): State {
  let current = state;
  while (current.isMetaState() && 'state' in current && current.state) current = current.state as State;
  return current.isMetaState() ? new Pending({ message: current.message }) : current;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs a flow run inside its process and reports it: `Running` is written with the version
 * the agent left (a stale version means another process owns the run, and nothing runs),
 * every task-run state is written version-locked against both the task run and the flow
 * run, mapped children get their task runs on the fly, and the final state follows the
 * reference tasks. Task results are checkpointed so another process can resume the run.
 *
 * @example
 * ```ts
 * const runner = new CloudFlowRunner({ client, flowRun: await client.getFlowRunInfo(id), logger });
 * const outcome = await runner.run(flow, { executor: new LocalExecutor() });
 * ```
 */
export class CloudFlowRunner {
  readonly #client: Client;
  readonly #flowRun: FlowRunInfo;
  readonly #logger: RunLogger;
  readonly #options: CloudFlowRunnerOptions;
  #version: number;
  #bySlug = new Map<string, TaskRunRecord>();
  #taskIds = new Map<string, string>();
  #lost: string | undefined;
  #reportError: unknown;
  #owned = false;
  #finalWritten = false;
  #pausedWritten = false;
  #queuedWritten = false;
  readonly #reporter: TaskRunReporter;
  readonly #cache: CrossRunCache;
  readonly #localCache = new CacheStore();

  constructor(options: CloudFlowRunnerOptions) {
    this.#options = options;
    this.#client = options.client;
    this.#flowRun = options.flowRun;
    this.#logger = options.logger;
    this.#version = options.flowRun.version;
    this.#index(options.flowRun.taskRuns);
    this.#cache = new CrossRunCache(options.client);
    this.#reporter = new TaskRunReporter({
      cachedFrom: (state) => this.#cache.sourceOf(state),
      client: options.client,
      logger: options.logger,
      flowRunVersion: () => this.#version,
      retryAfterVersionLock: async () => {
        const flowRun = await this.#readFlowRun().catch(() => undefined);
        if (flowRun && flowRun.version !== this.#version && flowRun.state === 'Cancelling' && this.#owned) {
          this.#adoptCancelling(flowRun.version);
          return true;
        }
        return false;
      },
      onReportError: (error) => {
        this.#reportError = error;
      },
    });
  }

  /** The flow run's version as this process last wrote or adopted it. */
  get flowRunVersion(): number {
    return this.#version;
  }

  /** Runs `flow` for the flow run; resolves to how it ended (never rejects for API refusals). */
  async run(
    flow: Flow,
    options: {
      executor: Executor;
      signal?: AbortSignal;
      parameters?: Record<string, unknown>;
      context?: Record<string, unknown>;
    },
  ): Promise<CloudRunOutcome> {
    const missing = flow.tasks.filter((task) => !this.#bySlug.has(task.slug!)).map((task) => task.slug);
    if (missing.length > 0) {
      throw new Error(
        `The flow loaded from storage has tasks the registered flow does not (${missing.join(', ')}); register the flow again so its metadata matches its storage.`,
      );
    }
    // Checkpointing lets another process resume the run; a flow without its own result
    // handler keeps results as JSON in the states for the length of this run.
    const ownHandler = flow.resultHandler;
    if (ownHandler === undefined && (this.#options.checkpoint ?? true))
      flow.resultHandler = new CheckpointResultHandler();
    try {
      return await this.#run(flow, options);
    } finally {
      flow.resultHandler = ownHandler;
    }
  }

  async #run(
    flow: Flow,
    options: {
      executor: Executor;
      signal?: AbortSignal;
      parameters?: Record<string, unknown>;
      context?: Record<string, unknown>;
    },
  ): Promise<CloudRunOutcome> {
    const initial = unwrap(deserializeState(this.#flowRun.serializedState));
    if (initial.isRunning()) this.#own(false);
    let state = await this.#runOnce(flow, initial, options);
    if (this.#queuedWritten) return { kind: 'queued', state };
    // Another process may have finished the tasks this one left: with the API's view, the
    // final state can be decided here instead of waiting for a lazarus pass.
    if (!this.#lost && this.#reportError === undefined && state.isRunning() && !options.signal?.aborted) {
      if (await this.#refreshTaskRuns()) {
        const all = [...this.#bySlug.values()];
        if (all.every((taskRun) => this.#isFinishedType(taskRun)))
          state = await this.#runOnce(flow, state, options);
      }
    }
    state = await this.#waitOrPause(flow, state, options);
    if (this.#lost) return { kind: 'not-ours', reason: this.#lost };
    if (this.#reportError !== undefined) return { kind: 'report-failed', state, error: this.#reportError };
    if (this.#pausedWritten) return { kind: 'paused', state };
    if (state.isFinished())
      return this.#finalWritten ? { kind: 'finished', state } : { kind: 'not-runnable', state };
    if (state.isScheduled()) return { kind: 'not-due', state };
    if (state.isRunning()) return { kind: 'unfinished', state };
    return { kind: 'not-runnable', state };
  }

  /**
   * When only paused tasks are left: a wake-up due within the in-process retry limit is waited
   * for here and the run goes on; otherwise the flow run is written Paused (until resumed, or
   * until the earliest wake-up time, when the queue hands it out again) and this process ends,
   * holding no agent slot.
   */
  async #waitOrPause(
    flow: Flow,
    current: State,
    options: { executor: Executor; signal?: AbortSignal; parameters?: Record<string, unknown> },
  ): Promise<State> {
    let state = current;
    for (;;) {
      if (this.#lost || this.#reportError !== undefined || !state.isRunning() || options.signal?.aborted)
        return state;
      const paused = pausedWork(state.result);
      if (paused === undefined) return state;
      const delay = paused.wakeUp === null ? Number.POSITIVE_INFINITY : paused.wakeUp.getTime() - Date.now();
      if (delay > (this.#options.inProcessRetryLimitMs ?? 60_000)) return this.#pause(state, paused);
      try {
        await sleep(Math.max(delay, 0), undefined, options.signal ? { signal: options.signal } : {});
      } catch {
        return state;
      }
      if (!(await this.#refreshTaskRuns())) return state;
      state = await this.#runOnce(flow, state, options);
    }
  }

  /** Writes the flow run Paused for its paused tasks; on a refused write the run ends as it was. */
  async #pause(state: State, paused: { slugs: string[]; wakeUp: Date | null }): Promise<State> {
    const until =
      paused.wakeUp === null ? 'until resumed' : `until ${paused.wakeUp.toISOString()} or resumed`;
    const next = new Paused({
      message: `Waiting for approval of ${paused.slugs.join(', ')} (${until}): headwater resume ${this.#flowRun.name}`,
      startTime: paused.wakeUp,
      result: state.result,
    });
    try {
      await this.#options.flushLogs?.().catch(() => undefined);
      await this.#writeFlowRunState(next);
    } catch (error) {
      if (EndRun.isInstance(error)) return state;
      throw error;
    }
    this.#pausedWritten = true;
    this.#logFlowState(next);
    return next;
  }

  async #runOnce(
    flow: Flow,
    state: State,
    options: {
      executor: Executor;
      signal?: AbortSignal;
      parameters?: Record<string, unknown>;
      context?: Record<string, unknown>;
    },
  ): Promise<State> {
    const taskStates: Record<string, State> = {};
    for (const [slug, taskRun] of this.#bySlug)
      taskStates[slug] = unwrap(deserializeState(taskRun.serializedState));
    // The API is the cache across runs; a store of this run's own keeps a result one run
    // cached from reaching another run in the same process (tests, workers) without the API.
    return new FlowRunner(flow, {
      hooks: this.#hooks(),
      cache: this.#localCache,
      ...(this.#options.services ? { services: this.#options.services } : {}),
    }).run({
      state,
      taskStates,
      executor: scopedExecutor(options.executor),
      ...(options.signal ? { signal: options.signal } : {}),
      parameters: options.parameters ?? this.#flowRun.parameters,
      context: {
        ...this.#flowRun.context,
        ...options.context,
        flowRunId: this.#flowRun.id,
        // Task runs sent to other processes lock their writes against it.
        flowRunVersion: this.#version,
        flowRunName: this.#flowRun.name,
        flowId: this.#flowRun.flowId,
        scheduledStartTime: this.#flowRun.scheduledStartTime,
      },
      checkpoint: this.#options.checkpoint ?? true,
      inProcessRetryLimit: this.#options.inProcessRetryLimitMs ?? 60_000,
    });
  }

  #hooks(): RunnerHooks {
    return {
      flowRunStateChange: async ({ oldState, newState, context }) => {
        // A resumed run is already Running; "not finished yet" is no news either.
        if (newState.isRunning() && oldState.isRunning() && newState.type === oldState.type) return;
        if (newState.isFinished()) {
          // The final line is logged as the state is decided, before it is written (as the
          // original's runner does), so it ships with the tasks' last lines in one request, and
          // whoever sees the final state (`run --watch`, the UI) finds them all.
          this.#logFlowState(newState);
          await this.#options.flushLogs?.().catch(() => undefined);
        }
        const written = await this.#writeFlowRunState(newState);
        context.flowRunVersion = this.#version;
        if (written?.status === 'QUEUED') {
          this.#queuedWritten = true;
          const queued = new Queued({
            message: written.message ?? 'Queued by the API.',
            state: oldState,
            ...(written.startTime ? { startTime: new Date(written.startTime) } : {}),
          });
          this.#logFlowState(queued);
          throw new EndRun(queued);
        }
        if (newState.isRunning()) this.#own(true);
        if (newState.isFinished()) this.#finalWritten = true;
        else this.#logFlowState(newState);
      },
      initializeTaskRun: async ({ task, mapIndex }) => {
        if (mapIndex === null) {
          const taskRun = this.#bySlug.get(task.slug!)!;
          setScopeLogger(this.#reporter.taskLogger(task, mapIndex, taskRun.id));
          return {
            context: { taskRunId: taskRun.id, taskRunVersion: taskRun.version, taskId: taskRun.taskId },
          };
        }
        const taskId = this.#taskIds.get(task.slug!)!;
        const child = await this.#client.getOrCreateTaskRun({
          flowRunId: this.#flowRun.id,
          taskId,
          mapIndex,
        });
        setScopeLogger(this.#reporter.taskLogger(task, mapIndex, child.id));
        return {
          state: unwrap(deserializeState(child.serializedState)),
          context: { taskRunId: child.id, taskRunVersion: child.version, taskId },
        };
      },
      taskRunStateChange: this.#reporter.stateChange,
      cachedStates: this.#cache.cachedStates,
    };
  }

  /** Writes a flow-run state; a stale version ends the run here unless the change was a cancellation. */
  async #writeFlowRunState(state: State): Promise<SetStateResult | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.#client.setFlowRunState(this.#flowRun.id, this.#version, state.serialize());
        this.#version = result.version;
        return result;
      } catch (error) {
        const current = await this.#readFlowRun().catch(() => undefined);
        if (VersionLockError.isInstance(error) && current) {
          if (current.state === 'Cancelling' && this.#owned && (state.isFinished() || state.isCancelling())) {
            this.#adoptCancelling(current.version);
            continue;
          }
          this.#lost = `flow run ${this.#flowRun.name} is at version ${current.version} (${current.state}), not ${this.#version}: another process owns it`;
          throw new EndRun(state);
        }
        if (
          isTransient(error) &&
          current &&
          current.version === this.#version + 1 &&
          (current.state === state.type || (state.isRunning() && current.state === 'Queued'))
        ) {
          this.#version = current.version;
          // A lost answer to a Running write the API stored as Queued (a concurrency limit).
          if (current.state !== state.type)
            return {
              id: this.#flowRun.id,
              status: 'QUEUED',
              version: current.version,
              state: current.state,
              message: null,
            };
          return;
        }
        if (isTransient(error) && attempt < 4) {
          await sleep(500 * 2 ** attempt);
          continue;
        }
        this.#reportError = error;
        this.#logger.error(
          `Could not write the ${state.type} state of flow run ${this.#flowRun.name}: ${messageOf(error)}`,
        );
        throw new EndRun(state);
      }
    }
  }

  #adoptCancelling(version: number): void {
    if (this.#version === version) return;
    this.#version = version;
    this.#options.onCancelling?.();
  }

  #own(wroteRunning: boolean): void {
    if (this.#owned) return;
    this.#owned = true;
    this.#options.onOwned?.({ wroteRunning });
  }

  async #readFlowRun(): Promise<{ version: number; state: string } | undefined> {
    const data = await this.#client.graphql<{ flowRun: { version: number; state: string } | null }>(
      FLOW_RUN_VERSION,
      {
        id: this.#flowRun.id,
      },
    );
    return data.flowRun ?? undefined;
  }

  /** Reads the task runs again; false when the API could not be asked. */
  async #refreshTaskRuns(): Promise<boolean> {
    try {
      const data = await this.#client.graphql<{ flowRun: { taskRuns: TaskRunRecord[] } | null }>(TASK_RUNS, {
        id: this.#flowRun.id,
      });
      if (!data.flowRun) return false;
      this.#index(data.flowRun.taskRuns);
      return true;
    } catch {
      return false;
    }
  }

  #index(taskRuns: readonly TaskRunRecord[]): void {
    this.#bySlug = new Map(taskRuns.filter((run) => run.mapIndex === -1).map((run) => [run.taskSlug, run]));
    this.#taskIds = new Map(taskRuns.map((run) => [run.taskSlug, run.taskId]));
  }

  #isFinishedType(taskRun: TaskRunRecord): boolean {
    return deserializeState(taskRun.serializedState).isFinished();
  }

  #logFlowState(state: State): void {
    const text = `Flow run ${state.type.toUpperCase()}: ${state.message ?? ''}`.trim();
    if (state.isFailed()) this.#logger.error(text);
    else this.#logger.info(text);
  }
}

import type { Executor } from '../contracts/executor.js';
import type { ResultHandlerV1 } from '../contracts/result-handler.js';
import { EndRun } from '../errors/end-run.js';
import { ParameterSchemaError } from '../errors/parameter-schema-error.js';
import { ParameterValueError } from '../errors/parameter-value-error.js';
import { LocalExecutor } from '../executors/local-executor.js';
import type { Flow } from '../flow/flow.js';
import { checkParameterValues } from '../parameters/check-parameter-values.js';
import type { RunServices } from '../services/run-services.js';
import { Cancelled, Failed, Mapped, Pending, Running, type State, Success } from '../states/state.js';
import type { Task } from '../tasks/task.js';
import { type CacheStore, processCache } from './cache-store.js';
import { isCurrentPlan, planRun, type RunPlan } from './run-plan.js';
import type { RunnerHooks } from './runner-hooks.js';
import type { TaskRunSettings } from './task-runner.js';
import { TaskSchedule } from './task-schedule.js';

/** Final (or current) states of a flow run's tasks. */
export type TaskStates = ReadonlyMap<Task<any, unknown>, State>;

/** A flow run's state; its `result` holds every task's state. */
export type FlowRunState = State<TaskStates>;

/**
 * Options of {@link FlowRunner.run}.
 *
 * @example
 * ```ts
 * await new FlowRunner(flow).run({ parameters: { limit: 10 }, executor: new LocalConcurrentExecutor({ maxConcurrency: 4 }) });
 * ```
 */
export interface FlowRunOptions {
  /** Parameter values; missing ones take their defaults. */
  parameters?: Readonly<Record<string, unknown>>;
  /** @default a new LocalExecutor */
  executor?: Executor;
  /** The flow run's current state (e.g. `Scheduled`, `Submitted` from the API). @default Pending */
  state?: State;
  /**
   * Current states of tasks, by task or slug, to resume a partly-finished run: finished
   * tasks are not run again and pass on their (checkpointed) results. For a mapped task,
   * a `Mapped` state with `mapStates` gives the children's states.
   */
  taskStates?: ReadonlyMap<Task<any, unknown>, State> | Readonly<Record<string, State>>;
  /** Run context: ids and anything hooks and tasks should see. */
  context?: Readonly<Record<string, unknown>>;
  /** Cancels the run: running tasks see it, nothing new starts, the run ends `Cancelled`. */
  signal?: AbortSignal;
  /** Checkpoint results through result handlers. @default false */
  checkpoint?: boolean;
  /**
   * Retries due within this many milliseconds wait in-process; later ones end the task
   * `Retrying` with a `startTime` for an orchestrator to resume.
   * @default 60000
   */
  inProcessRetryLimit?: number;
}

/** Options of a {@link FlowRunner}. */
export interface FlowRunnerOptions {
  /** Hooks the cloud runners use to report and steer states. */
  hooks?: RunnerHooks;
  /** Where cached results are kept. @default one store per process */
  cache?: CacheStore;
  /** What tasks may use besides their inputs (secrets, child flow runs). @default secrets from the environment */
  services?: RunServices;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The executor as a LocalExecutor that work can be handed without a promise each (`submit` not overridden). */
const inTurnOf = (executor: Executor): LocalExecutor | undefined =>
  executor instanceof LocalExecutor && executor.submit === LocalExecutor.prototype.submit
    ? executor
    : undefined;

/**
 * Runs a flow: checks parameters, moves the flow run through its states, runs every task
 * in dependency order on an executor, and derives the final state from the reference tasks.
 *
 * @example
 * ```ts
 * const state = await new FlowRunner(flow).run({ parameters: { url: 'http://127.0.0.1:8080' } });
 * state.isSuccessful();
 * state.result?.get(load)?.result;
 * ```
 */
export class FlowRunner {
  readonly flow: Flow;
  readonly hooks: RunnerHooks;
  readonly cache: CacheStore;
  readonly services: RunServices;
  /** The flow's graph by position, planned again when the flow grew. */
  #plan: RunPlan | undefined;

  constructor(flow: Flow, options: FlowRunnerOptions = {}) {
    this.flow = flow;
    this.hooks = options.hooks ?? {};
    this.cache = options.cache ?? processCache;
    this.services = options.services ?? {};
  }

  /** Runs the flow once; resolves to the flow run's state (tasks' states in `result`). */
  async run(options: FlowRunOptions = {}): Promise<FlowRunState> {
    const context: Record<string, unknown> = { ...options.context, flowName: this.flow.name };
    let state: State = options.state ?? new Pending();
    while (state.isMetaState() && 'state' in state && state.state) state = state.state as State;
    try {
      return (await this.#pipeline(state, options, context)) as FlowRunState;
    } catch (error) {
      if (EndRun.isInstance(error)) return error.state as FlowRunState;
      throw error;
    }
  }

  async #pipeline(initial: State, options: FlowRunOptions, context: Record<string, unknown>): Promise<State> {
    let state = initial;
    const set = async (next: State) => {
      state = await this.#setState(state, next, context);
      return state;
    };
    // A Paused flow run without a wake-up time waits until it is resumed (set Scheduled).
    if (state.isScheduled() && 'startTime' in state) {
      const startTime = state.startTime as Date | null;
      if (startTime === null || startTime.getTime() > Date.now()) return state;
    }
    if (state.isFinished() || !(state.isPending() || state.isRunning())) return state;

    const parameters = await this.#parameters(options.parameters ?? {});
    if (typeof parameters === 'string') return set(new Failed({ message: parameters }));
    context.parameters = parameters;

    if (!state.isRunning()) await set(new Running({ message: 'Running flow.' }));
    if (!state.isRunning()) return state;

    let taskStates: Map<Task<any, unknown>, State>;
    try {
      taskStates = await this.#runTasks(options, parameters, context);
    } catch (error) {
      if (EndRun.isInstance(error)) throw error;
      return set(
        new Failed({ message: `Unexpected error while running flow: ${messageOf(error)}`, result: error }),
      );
    }
    return set(this.#finalState(taskStates, options.signal));
  }

  async #parameters(given: Readonly<Record<string, unknown>>): Promise<Record<string, unknown> | string> {
    const declared = this.flow.parameters();
    const names = new Set(declared.map((p) => p.name));
    const extra = Object.keys(given).filter((name) => !names.has(name));
    if (extra.length > 0) {
      return `Extra parameters were provided: ${extra.join(', ')}. The flow declares: ${[...names].join(', ') || '(none)'}.`;
    }
    const missing = declared.filter((p) => p.required && given[p.name] === undefined).map((p) => p.name);
    if (missing.length > 0) return `Required parameters were not provided: ${missing.join(', ')}.`;
    const values: Record<string, unknown> = {};
    for (const p of declared)
      values[p.name] = given[p.name] !== undefined ? given[p.name] : (p.default ?? undefined);
    try {
      const checked = await checkParameterValues(declared, values);
      for (const p of declared) checked[p.name] ??= null;
      return checked;
    } catch (error) {
      if (ParameterValueError.isInstance(error) || ParameterSchemaError.isInstance(error))
        return error.message;
      throw error;
    }
  }

  async #runTasks(
    options: FlowRunOptions,
    parameters: Readonly<Record<string, unknown>>,
    context: Record<string, unknown>,
  ): Promise<Map<Task<any, unknown>, State>> {
    const flow = this.flow;
    if (!isCurrentPlan(this.#plan, flow)) this.#plan = planRun(flow);
    const plan = this.#plan;
    const tasks = plan.tasks;
    const given = options.taskStates;
    const startState = (task: Task<any, unknown>): State | undefined =>
      given === undefined
        ? undefined
        : given instanceof Map
          ? given.get(task)
          : (given as Readonly<Record<string, State>>)[task.slug!];
    const executor: Executor = options.executor ?? new LocalExecutor();
    const settings: TaskRunSettings = {
      flowName: flow.name,
      parameters,
      context,
      checkpoint: options.checkpoint ?? false,
      resultHandler: flow.resultHandler as ResultHandlerV1 | undefined,
      inProcessRetryLimit: options.inProcessRetryLimit ?? 60_000,
      hooks: this.hooks,
      cache: this.cache,
      services: this.services,
      signal: options.signal,
      flowModule: flow.sourceModule,
      runElsewhere: executor.runTaskRun ? (request) => executor.runTaskRun!(request) : undefined,
    };

    const schedule = new TaskSchedule({ plan, settings, executor, inTurn: inTurnOf(executor), startState });
    let states: State[];
    await executor.start?.();
    try {
      const settled = schedule.run();
      await executor.wait([settled]);
      states = await settled;
    } finally {
      await executor.shutdown?.();
    }
    const taskStates = new Map<Task<any, unknown>, State>();
    for (let at = 0; at < tasks.length; at += 1) taskStates.set(tasks[at]!, states[at]!);
    return taskStates;
  }

  #finalState(taskStates: Map<Task<any, unknown>, State>, signal: AbortSignal | undefined): State {
    if (signal?.aborted) return new Cancelled({ message: 'Flow run was cancelled.', result: taskStates });
    // The reference tasks' states, a mapped task's by its children: one pass, nothing copied.
    let finished = true;
    let failed = false;
    let successful = true;
    const see = (state: State) => {
      if (!state.isFinished()) finished = false;
      if (state.isFailed()) failed = true;
      if (!state.isSuccessful()) successful = false;
    };
    for (const task of this.flow.referenceTasks) {
      const state = taskStates.get(task)!;
      if (!(state instanceof Mapped)) see(state);
      else for (const child of state.mapStates) if (child !== null) see(child);
    }
    if (!finished) {
      return new Running({ message: 'Some reference tasks have not finished.', result: taskStates });
    }
    if (failed) return new Failed({ message: 'Some reference tasks failed.', result: taskStates });
    if (successful) {
      return new Success({ message: 'All reference tasks succeeded.', result: taskStates });
    }
    return new Failed({ message: 'Some reference tasks did not succeed.', result: taskStates });
  }

  async #setState(oldState: State, proposed: State, context: Record<string, unknown>): Promise<State> {
    let next = proposed;
    try {
      for (const handler of this.flow.stateHandlers)
        next = (await handler(this.flow, oldState, next)) ?? next;
    } catch (error) {
      next = new Failed({
        message: `Exception raised while calling state handlers: ${messageOf(error)}`,
        result: error,
      });
    }
    const hook = this.hooks.flowRunStateChange;
    if (hook === undefined) return next;
    let answer: State | undefined;
    try {
      answer = (await hook({ flow: this.flow, oldState, newState: next, context })) as State | undefined;
    } catch (error) {
      if (EndRun.isInstance(error)) throw error;
      throw new EndRun(next);
    }
    if (answer?.isMetaState()) throw new EndRun(answer);
    return answer ?? next;
  }
}

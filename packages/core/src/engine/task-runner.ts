import type { Executor } from '../contracts/executor.js';
import type { JsonObject } from '../contracts/json.js';
import type { ResultHandlerV1 } from '../contracts/result-handler.js';
import type { TaskRunRequest, TransportedState } from '../contracts/task-run-request.js';
import { EndRun } from '../errors/end-run.js';
import type { Edge } from '../flow/edge.js';
import { JSONResultHandler } from '../results/json-result-handler.js';
import type { RunServices } from '../services/run-services.js';
import { environmentSecrets } from '../services/secret-source.js';
import {
  Cached,
  type CachedInput,
  Cancelled,
  ClientFailed,
  Failed,
  Looped,
  Mapped,
  Paused,
  Pending,
  Retrying,
  Running,
  Skipped,
  type State,
  Success,
  TriggerFailed,
} from '../states/state.js';
import { Parameter } from '../tasks/parameter.js';
import { SecretTask } from '../tasks/secret-task.js';
import type { Task } from '../tasks/task.js';
import type { TaskRunContext } from '../tasks/task-run-context.js';
import type { CacheStore } from './cache-store.js';
import { endIteration, loopFrom, nextIteration, retriedIteration } from './loop-iteration.js';
import { readResult } from './read-result.js';
import type { RunnerHooks } from './runner-hooks.js';
import { askedToRetry, retriesUsedUp, signalledState } from './signal-state.js';
import { threadTarget } from './task-isolation.js';
import { runInThread, type TaskThreadTarget } from './task-thread.js';
import { TaskThreadTimeout } from './task-thread-timeout.js';
import { limitClock, timedOut } from './task-timeout.js';
import { jsonContext, receiveState, transportState } from './transported-state.js';

/** Upstream states of one task run, by edge. */
export type UpstreamStates = ReadonlyMap<Edge, State>;

/** What a task run needs from its flow run. */
export interface TaskRunSettings {
  readonly flowName: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The flow run's context; each task run gets a copy with its own entries. */
  readonly context: Readonly<Record<string, unknown>>;
  /** Write results through result handlers. */
  readonly checkpoint: boolean;
  /** Result handler of tasks that set none. */
  readonly resultHandler: ResultHandlerV1 | undefined;
  /** Retries due within this many milliseconds wait in-process; later ones end `Retrying`. */
  readonly inProcessRetryLimit: number;
  readonly hooks: RunnerHooks;
  readonly cache: CacheStore;
  /** What the run's environment provides to tasks (secrets, child flow runs). */
  readonly services?: RunServices | undefined;
  /** The flow run's signal. */
  readonly signal: AbortSignal | undefined;
  /** The module defining the flow, which a task's thread loads (see `TaskOptions.isolation`). */
  readonly flowModule?: string | undefined;
  /** Runs task runs in another process instead of this one (an executor's `runTaskRun`). */
  readonly runElsewhere?: ((request: TaskRunRequest) => Promise<TransportedState>) | undefined;
}

const defaultHandler = new JSONResultHandler();
const SUCCEEDED = 'Task run succeeded.';
const RESUMED = { resumed: true };
/** Read-only stand-in for the Pending state of a fresh, unobserved run; never returned. */
const FRESH = new Pending({ message: 'Fresh task run.' });
function succeeded(result: unknown): State {
  return new Success({ message: SUCCEEDED, result });
}
const NOT_RESUMED = { resumed: false };
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const wait = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * A task run's context: the flow run's entries plus the task's own. Built with
 * `Object.assign` and assignments: an object spread followed by more keys takes a slow path
 * in V8 (about 3 µs on Node 20), which was a third of the engine's cost per task.
 */
const taskRunContext = (
  flowContext: Readonly<Record<string, unknown>>,
  task: Task<any, unknown>,
  mapIndex: number | null,
): Record<string, unknown> => {
  const context: Record<string, unknown> = Object.assign({}, flowContext);
  context.taskName = task.name;
  context.taskSlug = task.slug;
  context.mapIndex = mapIndex;
  return context;
};

/** Submitted(Scheduled) → Scheduled: meta states wrap the state a run continues from. */
const unwrap = (state: State): State => {
  let current = state;
  while (current.isMetaState() && 'state' in current && current.state) current = current.state as State;
  return current;
};

/**
 * A Scheduled-like state that may not run yet: a pause not resumed whose wake-up time (if
 * any) has not come, or a start time still to come. A `Resume` runs at once.
 */
const notYet = (state: State): boolean => {
  if (!state.isScheduled() || state.isResume()) return false;
  const startTime = (state as { startTime?: Date | null }).startTime ?? null;
  if (startTime === null) return state.isPaused();
  return startTime.getTime() > Date.now();
};

/** A hook's `EndRun` ends the run with its state; anything else is a real error. */
const endRun = (error: unknown): State => {
  if (EndRun.isInstance(error)) return error.state;
  throw error;
};

let idle: AbortSignal | undefined;
/** The signal of tasks without timeout in a run without signal: one shared, never aborted. */
const neverAborted = () => {
  idle ??= new AbortController().signal;
  return idle;
};

/** Settles when `signal` aborts (never otherwise), with a cleanup for the listener. */
const abortion = (signal: AbortSignal) => {
  let cleanup = () => {};
  const promise = new Promise<never>((_resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    cleanup = () => signal.removeEventListener('abort', onAbort);
  });
  return { promise, cleanup };
};

/**
 * Runs one task (or one mapped child): upstream checks, skip propagation, trigger, cache,
 * the run itself with timeout and retries, checkpointing, state handlers and hooks.
 *
 * @example
 * ```ts
 * const state = await new TaskRunner(task, settings).run({ state: new Pending(), upstream: new Map() });
 * ```
 */
export class TaskRunner {
  readonly task: Task<any, unknown>;
  readonly settings: TaskRunSettings;

  /** State changes are observed (handlers or hook): every transition goes through them. */
  readonly #observed: boolean;
  /** Results need work after a run (checkpointing or caching). */
  readonly #keepsResults: boolean;

  constructor(task: Task<any, unknown>, settings: TaskRunSettings) {
    this.task = task;
    this.settings = settings;
    this.#observed = task.stateHandlers.length > 0 || settings.hooks.taskRunStateChange !== undefined;
    this.#keepsResults = (task.checkpoint ?? settings.checkpoint) || task.cacheFor !== null;
  }

  /** Runs the task from `state` with the given upstream states; resolves to its state after this run. */
  run({
    state,
    upstream,
    mapIndex = null,
  }: {
    state?: State | undefined;
    upstream: UpstreamStates;
    mapIndex?: number | null;
  }): Promise<State> {
    if (this.settings.runElsewhere)
      return this.#runElsewhere(this.settings.runElsewhere, state, upstream, mapIndex);
    const context = taskRunContext(this.settings.context, this.task, mapIndex);
    const initialize = this.settings.hooks.initializeTaskRun;
    const started =
      initialize === undefined
        ? this.#pipeline(
            state === undefined ? (this.#observed ? new Pending() : undefined) : unwrap(state),
            upstream,
            mapIndex,
            context,
          )
        : Promise.resolve(
            initialize({ task: this.task, mapIndex, context, state: state ?? new Pending() }),
          ).then((init) => {
            if (init?.context) Object.assign(context, init.context);
            return this.#pipeline(unwrap(init?.state ?? state ?? new Pending()), upstream, mapIndex, context);
          });
    // Only hooks throw EndRun.
    return initialize === undefined && !this.#observed && this.settings.hooks.cachedStates === undefined
      ? started
      : started.catch(endRun);
  }

  /** Sends the run to another process as data and takes back the state it ended in. */
  async #runElsewhere(
    runElsewhere: (request: TaskRunRequest) => Promise<TransportedState>,
    state: State | undefined,
    upstream: UpstreamStates,
    mapIndex: number | null,
  ): Promise<State> {
    const settings = this.settings;
    const reply = await runElsewhere({
      flowName: settings.flowName,
      taskSlug: this.task.slug!,
      mapIndex,
      state: state === undefined ? null : transportState(unwrap(state)),
      upstream: [...upstream].map(([edge, upstreamState]) => ({
        upstreamSlug: edge.upstream.slug!,
        key: edge.key,
        mapped: edge.mapped,
        state: transportState(upstreamState),
      })),
      parameters: jsonContext(settings.parameters),
      context: jsonContext(settings.context),
      checkpoint: settings.checkpoint,
      inProcessRetryLimit: settings.inProcessRetryLimit,
    });
    return receiveState(reply);
  }

  /**
   * Runs a task with mapped inputs: once every upstream task finished, one child run per
   * element (children's upstream states are the matching children of mapped upstream
   * tasks), on the executor. Resolves to `Mapped` with the children's states.
   */
  async runMapped({
    state: given = new Pending(),
    upstream,
    executor,
  }: {
    state?: State;
    upstream: UpstreamStates;
    executor: Executor;
  }): Promise<State> {
    const context = taskRunContext(this.settings.context, this.task, null);
    let state = given;
    try {
      const init = await this.settings.hooks.initializeTaskRun?.({
        task: this.task,
        mapIndex: null,
        context,
        state,
      });
      if (init?.context) Object.assign(context, init.context);
      if (init?.state) state = init.state;
      while (state.isMetaState() && 'state' in state && state.state) state = state.state as State;
      const upstreamStates = [...upstream.values()];
      if (upstreamStates.some((s) => !s.isFinished())) return state;
      const blocked =
        (this.task.skipOnUpstreamSkip && upstreamStates.some((s) => s.isSkipped())) ||
        [...upstream].some(([edge, s]) => edge.mapped && !s.isSuccessful());
      // Skip propagation and failed inputs end the parent like an unmapped run would.
      if (blocked)
        return await this.#pipeline(state.isFinished() ? new Pending() : state, upstream, null, context);
      const lists = new Map<Edge, unknown[]>();
      for (const [edge, upstreamState] of upstream) {
        if (!edge.mapped) continue;
        const value = await readResult(upstreamState);
        if (!Array.isArray(value)) {
          return await this.#setState(
            state,
            new Failed({
              message: `Cannot map task "${this.task.slug}" over input "${edge.key}": upstream task "${edge.upstream.slug}" returned ${value === null ? 'null' : typeof value}, not an array.`,
            }),
            null,
            context,
          );
        }
        lists.set(edge, value);
      }
      const count = Math.min(...[...lists.values()].map((l) => l.length));
      const previous = state instanceof Mapped ? state.mapStates : [];
      const indexes = Array.from({ length: count }, (_, i) => i);
      const children = await executor.map(indexes, (i) => {
        const childUpstream = new Map<Edge, State>();
        for (const [edge, upstreamState] of upstream) {
          const upstreamChild =
            edge.mapped && upstreamState instanceof Mapped ? upstreamState.mapStates[i] : undefined;
          childUpstream.set(
            edge,
            !edge.mapped
              ? upstreamState
              : (upstreamChild ?? new Success({ message: 'Mapped input.', result: lists.get(edge)![i] })),
          );
        }
        const childState = previous[i];
        return this.run({
          upstream: childUpstream,
          mapIndex: i,
          ...(childState ? { state: childState } : {}),
        });
      });
      return await this.#setState(
        state,
        new Mapped({
          message: `Mapped into ${count} children.`,
          mapStates: children,
          result: children.map((c) => c.result),
        }),
        null,
        context,
      );
    } catch (error) {
      if (EndRun.isInstance(error)) return error.state;
      throw error;
    }
  }

  /** `initial` is undefined for a fresh run nobody observes (a Pending is made only if it is the result). */
  async #pipeline(
    initial: State | undefined,
    upstream: UpstreamStates,
    mapIndex: number | null,
    context: Record<string, unknown>,
  ): Promise<State> {
    let state = initial ?? FRESH;
    // A Looped task run (left by another process) goes on with its next iteration.
    if (state.type !== 'Pending' && !state.isLooped()) {
      if (state.isFinished()) return state;
      if (notYet(state)) return state;
      if (!state.isPending()) return state;
    }
    const seen: State[] = [];
    let skipped = false;
    for (const upstreamState of upstream.values()) {
      if (!upstreamState.isFinished()) return initial ?? new Pending();
      if (upstreamState.isSkipped()) skipped = true;
      if (upstreamState instanceof Mapped) {
        // A skipped child skips the task too, as a skipped upstream task would.
        for (const child of upstreamState.mapStates) {
          if (child === null) continue;
          seen.push(child);
          if (child.isSkipped()) skipped = true;
        }
      } else seen.push(upstreamState);
    }
    if (skipped && this.task.skipOnUpstreamSkip) {
      return this.#transition(
        state,
        new Skipped({
          message: 'Upstream task was skipped; if this was not intended, set skipOnUpstreamSkip: false.',
        }),
        mapIndex,
        context,
      );
    }
    // A pause ends by a Resume, or by its wake-up time (`notYet` let a due Paused through).
    const resumed = state.isResume() || state.isPaused();
    if (resumed) context.resumed = true;
    const decision = this.task.trigger.evaluate(seen, resumed ? RESUMED : NOT_RESUMED);
    if (decision === 'fail') {
      return this.#transition(
        state,
        new TriggerFailed({
          message: `Trigger was "${this.task.trigger.fn}" and the upstream states did not pass it.`,
        }),
        mapIndex,
        context,
      );
    }
    if (decision === 'pause') {
      return this.#transition(
        state,
        new Paused({ message: 'Trigger requires a manual resume.' }),
        mapIndex,
        context,
      );
    }

    const gathered = this.#inputs(state, upstream);
    const inputs = gathered instanceof Promise ? await gathered : gathered;
    if (this.task.cacheFor !== null) {
      const cached = await this.#validCache(state, inputs, mapIndex, context);
      if (cached !== undefined) return this.#transition(state, cached, mapIndex, context);
    }

    const from = loopFrom(state);
    let loop = from instanceof Promise ? await from : from;
    for (;;) {
      const runCount = state.isRetrying() && 'runCount' in state ? (state.runCount as number) + 1 : 1;
      context.runCount = runCount;
      context.loopCount = loop.count;
      context.loopPayload = loop.payload;
      if (this.#observed) {
        state = await this.#transition(
          state,
          new Running({ message: 'Starting task run.' }),
          mapIndex,
          context,
        );
        if (!state.isRunning()) return state;
      }
      const executed = this.#execute(inputs, mapIndex, runCount, context);
      const outcome = executed instanceof Promise ? await executed : executed;
      if (outcome.isLooped()) {
        const ended = endIteration(outcome, loop, this.task);
        state = await this.#transition(
          state,
          this.#keepsResults ? await this.#finish(ended, inputs, context) : ended,
          mapIndex,
          context,
        );
        if (!(state instanceof Looped)) return state;
        loop = nextIteration(state);
        continue;
      }
      const retry = askedToRetry(outcome);
      if (!outcome.isFailed() || outcome.isTriggerFailed() || runCount > this.task.maxRetries) {
        const final = retry ? retriesUsedUp(outcome, runCount, this.task.maxRetries) : outcome;
        return this.#transition(
          state,
          this.#keepsResults ? await this.#finish(final, inputs, context) : final,
          mapIndex,
          context,
        );
      }
      // A task that asked to retry goes straight to Retrying; an error is Failed first.
      if (!retry) state = await this.#transition(state, outcome, mapIndex, context);
      const delay = this.task.retryDelay ?? 0;
      const retrying = new Retrying({
        message: retry
          ? `Retrying task (run ${runCount} of ${this.task.maxRetries + 1} asked to retry: ${outcome.message}).`
          : `Retrying task (run ${runCount} of ${this.task.maxRetries + 1} failed).`,
        startTime: new Date(Date.now() + delay),
        runCount,
        cachedInputs: this.#cachedInputs(inputs),
        context: retriedIteration(loop),
      });
      state = await this.#transition(state, retrying, mapIndex, context);
      if (!state.isRetrying() || delay > this.settings.inProcessRetryLimit) return state;
      await wait(delay, this.settings.signal);
      if (this.settings.signal?.aborted)
        return this.#transition(
          state,
          new Cancelled({ message: 'Flow run was cancelled.' }),
          mapIndex,
          context,
        );
    }
  }

  /** Inputs from cached inputs and upstream results; synchronous unless a result must be read back. */
  #inputs(
    state: State,
    upstream: UpstreamStates,
  ): Record<string, unknown> | Promise<Record<string, unknown>> {
    const inputs: Record<string, unknown> = {};
    const cachedInputs =
      'cachedInputs' in state ? (state.cachedInputs as Record<string, CachedInput> | null) : null;
    if (cachedInputs !== null) {
      for (const [name, input] of Object.entries(cachedInputs)) {
        inputs[name] =
          input.value === undefined && input.safeResult !== null ? input.safeResult.value : input.value;
      }
    }
    let reads: Promise<unknown>[] | undefined;
    for (const [edge, upstreamState] of upstream) {
      const key = edge.key;
      // A skipped upstream task passes on no value: the input is left out.
      if (key === null || upstreamState.isSkipped()) continue;
      // A secret's value is never checkpointed: a run resumed in another process reads it again.
      if (
        upstreamState.result === undefined &&
        upstreamState.safeResult === null &&
        edge.upstream instanceof SecretTask
      ) {
        reads ??= [];
        const signal = this.settings.signal ?? new AbortController().signal;
        reads.push(
          (this.settings.services?.secrets ?? environmentSecrets())
            .get(edge.upstream.secretName, { signal })
            .then((value) => {
              inputs[key] = value;
            }),
        );
        continue;
      }
      if (upstreamState.result !== undefined || upstreamState.safeResult === null) {
        inputs[key] = upstreamState.result;
      } else {
        reads ??= [];
        reads.push(
          readResult(upstreamState).then((value) => {
            inputs[key] = value;
          }),
        );
      }
    }
    return reads === undefined ? inputs : Promise.all(reads).then(() => inputs);
  }

  #cachedInputs(inputs: Record<string, unknown>): Record<string, CachedInput> {
    const out: Record<string, CachedInput> = {};
    for (const [name, value] of Object.entries(inputs)) out[name] = { value, safeResult: null };
    return out;
  }

  async #validCache(
    state: State,
    inputs: Record<string, unknown>,
    mapIndex: number | null,
    context: Record<string, unknown>,
  ): Promise<Cached | undefined> {
    if (this.task.cacheFor === null) return undefined;
    const key = this.#cacheKey(mapIndex);
    const candidates = [
      ...(state.isCached() ? [state as Cached] : []),
      ...this.settings.cache.get(key),
      ...((await this.settings.hooks.cachedStates?.({ task: this.task, mapIndex, context, cacheKey: key })) ??
        []),
    ];
    const now = new Date();
    for (const candidate of candidates) {
      if (this.task.cacheValidator.validate(candidate, inputs, this.settings.parameters, now)) {
        await readResult(candidate);
        return candidate;
      }
    }
    return undefined;
  }

  #cacheKey(mapIndex: number | null): string {
    const base = this.task.cacheKey ?? `${this.settings.flowName}/${this.task.slug}`;
    return mapIndex === null ? base : `${base}[${mapIndex}]`;
  }

  /** Runs the task once; synchronous when the task is and nothing can abort it. */
  #execute(
    inputs: Record<string, unknown>,
    mapIndex: number | null,
    runCount: number,
    context: Record<string, unknown>,
  ): State | Promise<State> {
    const flowSignal = this.settings.signal;
    const timeout = this.task.timeout;
    const signal =
      timeout === null
        ? (flowSignal ?? neverAborted())
        : flowSignal === undefined
          ? AbortSignal.timeout(timeout)
          : AbortSignal.any([flowSignal, AbortSignal.timeout(timeout)]);
    const services = this.settings.services;
    const runContext: TaskRunContext = {
      signal,
      task: this.task,
      flowName: this.settings.flowName,
      mapIndex,
      runCount,
      loopCount: context.loopCount as number,
      loopPayload: context.loopPayload,
      parameters: this.settings.parameters,
      context,
      services: services ?? {},
      // A method, not an arrow property: a tool that keeps function names (tsx) would name
      // a new arrow on every run. It uses no `this`, so a destructured `secret` works too.
      secret(name) {
        return (services?.secrets ?? environmentSecrets()).get(name, { signal });
      },
    };
    const threaded = this.#inThread(inputs, runContext, signal);
    if (threaded !== undefined) return threaded;
    // Listen before the task starts: it may abort synchronously.
    const aborted = timeout === null && flowSignal === undefined ? undefined : abortion(signal);
    const overran = limitClock(timeout);
    let running: unknown;
    try {
      running = this.task.run(inputs, runContext);
    } catch (error) {
      aborted?.cleanup();
      return this.#failure(error, signal, inputs);
    }
    if (aborted === undefined) {
      return running instanceof Promise
        ? running.then(succeeded, (error: unknown) => this.#failure(error, signal, inputs))
        : succeeded(running);
    }
    return Promise.race([running, aborted.promise])
      .then(
        (result) =>
          overran() ? timedOut(timeout!, undefined, this.#cachedInputs(inputs), false) : succeeded(result),
        (error: unknown) => this.#failure(error, signal, inputs),
      )
      .finally(aborted.cleanup);
  }

  /** The run in a thread of its own when the task has one (see `TaskOptions.isolation`), else `undefined`. */
  #inThread(
    inputs: Record<string, unknown>,
    runContext: TaskRunContext,
    signal: AbortSignal,
  ): Promise<State> | undefined {
    let target: TaskThreadTarget | undefined;
    try {
      target = threadTarget(this.task, this.settings.flowName, this.settings.flowModule);
    } catch (error) {
      return Promise.resolve(this.#failure(error, signal, inputs));
    }
    if (target === undefined) return undefined;
    const thread = target;
    const limits = { timeout: this.task.timeout, signal: this.settings.signal };
    return Promise.resolve()
      .then(() => runInThread(thread, inputs, runContext, limits))
      .then(succeeded, (error: unknown) =>
        error instanceof TaskThreadTimeout
          ? timedOut(error.timeout, error, this.#cachedInputs(inputs), true)
          : this.#failure(error, limits.signal ?? neverAborted(), inputs),
      );
  }

  /** The state of a run that threw (or was aborted). */
  #failure(error: unknown, signal: AbortSignal, inputs: Record<string, unknown>): State {
    if (this.settings.signal?.aborted) return new Cancelled({ message: 'Flow run was cancelled.' });
    if (signal.aborted && this.task.timeout !== null) {
      return timedOut(this.task.timeout, error, this.#cachedInputs(inputs), true);
    }
    const signalled = signalledState(error);
    if (signalled !== undefined) return signalled;
    return new Failed({ message: `Unexpected error: ${messageOf(error)}`, result: error });
  }

  async #finish(
    outcome: State,
    inputs: Record<string, unknown>,
    context: Record<string, unknown>,
  ): Promise<State> {
    // A Looped state is checkpointed too: its payload is what the next iteration reads.
    if (!(outcome.isSuccessful() || outcome.isLooped()) || outcome.isSkipped()) return outcome;
    const checkpoint = this.task.checkpoint ?? this.settings.checkpoint;
    if (checkpoint) {
      const handler =
        this.task instanceof Parameter
          ? defaultHandler
          : (this.task.resultHandler ?? this.settings.resultHandler ?? defaultHandler);
      try {
        outcome.safeResult = {
          value: await handler.write(outcome.result),
          resultHandler: handler.serialize(),
        };
      } catch (error) {
        return new Failed({
          message: `Could not checkpoint the result of task "${this.task.name}" (${this.task.slug}): ${messageOf(error)}`,
          result: error,
        });
      }
    }
    if (this.task.cacheFor === null || outcome.isLooped()) return outcome;
    const cached = new Cached({
      message: 'Task run succeeded; result cached.',
      result: outcome.result,
      safeResult: outcome.safeResult,
      cachedInputs: this.#cachedInputs(inputs),
      cachedParameters: this.settings.parameters as JsonObject,
      cachedResultExpiration: new Date(Date.now() + this.task.cacheFor),
    });
    this.settings.cache.add(this.#cacheKey((context.mapIndex as number | null) ?? null), cached);
    return cached;
  }

  /** A transition: straight through when nobody observes states, else {@link #setState}. */
  #transition(
    oldState: State,
    next: State,
    mapIndex: number | null,
    context: Record<string, unknown>,
  ): State | Promise<State> {
    return this.#observed ? this.#setState(oldState, next, mapIndex, context) : next;
  }

  /** User state handlers, then the hook; see {@link RunnerHooks} for refusals. */
  async #setState(
    oldState: State,
    proposed: State,
    mapIndex: number | null,
    context: Record<string, unknown>,
  ): Promise<State> {
    let next = proposed;
    try {
      for (const handler of this.task.stateHandlers)
        next = (await handler(this.task, oldState, next)) ?? next;
    } catch (error) {
      next = new Failed({
        message: `Exception raised while calling state handlers: ${messageOf(error)}`,
        result: error,
      });
    }
    const hook = this.settings.hooks.taskRunStateChange;
    if (hook === undefined) return next;
    let answer: State | undefined;
    try {
      answer = (await hook({ task: this.task, mapIndex, context, oldState, newState: next })) as
        | State
        | undefined;
    } catch (error) {
      if (EndRun.isInstance(error)) throw error;
      throw new EndRun(
        new ClientFailed({ message: `Could not set the task run state: ${messageOf(error)}`, state: next }),
      );
    }
    if (answer?.isMetaState()) throw new EndRun(answer);
    return answer ?? next;
  }
}

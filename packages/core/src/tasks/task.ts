import type { ResultHandlerV1 } from '../contracts/result-handler.js';
import type { TaskIsolation } from '../engine/task-isolation.js';
import type { State } from '../states/state.js';
import { type CacheValidator, durationOnly, neverUse } from './cache-validators.js';
import type { TaskRunContext } from './task-run-context.js';
import { allSuccessful, type Trigger } from './triggers.js';

const taskMarker = Symbol.for('headwater.task');

/** How an input shows in the serialized task: a type name, or `{ type, required }`. */
export type InputDescription = string | { type?: string; required?: boolean };

/**
 * Called on every state change of a task run; may return a replacement state.
 * A handler that throws turns the run `Failed`.
 */
export type TaskStateHandler = (
  task: Task<any, unknown>,
  oldState: State,
  newState: State,
) => State | undefined | Promise<State | undefined>;

/**
 * Options of every task.
 *
 * @example
 * ```ts
 * task(load, { name: 'load', maxRetries: 3, retryDelay: 10_000, timeout: 60_000, tags: ['db'] });
 * ```
 */
export interface TaskOptions<I extends object = Record<string, unknown>> {
  /** Display name. @default the function or class name */
  name?: string;
  /** Unique per flow; @default `<name>-<n>` assigned when added to a flow (Parameters: the name) */
  slug?: string;
  /** Free-form tags. */
  tags?: Iterable<string>;
  /** Retries after a failure. @default 0 */
  maxRetries?: number;
  /** Milliseconds between retries (serialized in whole seconds). @default 0 */
  retryDelay?: number;
  /**
   * Milliseconds after which the run ends `TimedOut` (serialized in whole seconds): its
   * signal is aborted and its promise abandoned, or its thread terminated (see `isolation`).
   * Retries apply as after any failure.
   */
  timeout?: number;
  /**
   * Where the task runs. `'thread'`: a worker thread of its own, loaded from the flow's
   * module, terminated at the time limit even in synchronous code; inputs and results must
   * be plain data (Map, Set, Date, … included) and it shares no memory with other tasks.
   * `'none'`: the run's thread. `'auto'`: a thread for a plain (not `async`) function task
   * with a timeout in a deployed run, else the run's thread.
   * @default 'auto'
   */
  isolation?: TaskIsolation;
  /** When the task runs, from its upstream states. @default triggers.allSuccessful */
  trigger?: Trigger;
  /** End `Skipped` when an upstream task was skipped. @default true */
  skipOnUpstreamSkip?: boolean;
  /** Most `LoopSignal`s one task run may throw before it ends `Failed` (a guard against endless loops). @default 1000 */
  maxLoops?: number;
  /** Milliseconds a successful result stays reusable (serialized in whole seconds). */
  cacheFor?: number;
  /** Share cached results between tasks (and flows) with the same key. @default `<flow name>/<task slug>` */
  cacheKey?: string;
  /** Which cached results are reusable. @default cacheValidators.durationOnly when `cacheFor` is set, else neverUse */
  cacheValidator?: CacheValidator;
  /** Write the result through the result handler. @default the run's checkpointing setting */
  checkpoint?: boolean;
  /** Where checkpointed results go. @default the flow's result handler */
  resultHandler?: ResultHandlerV1;
  /** Called on every state change. */
  stateHandlers?: readonly TaskStateHandler[];
  /** How the inputs appear in the serialized task. @default each wired input as `{ type: "any", required: true }` */
  inputs?: { [K in keyof I]-?: InputDescription };
  /** Type name of the result in the serialized task. @default "any" */
  outputs?: string;
  /** Serialized `type`. @default the class's static `taskType` */
  type?: string;
}

const orNull = (value: number | undefined) => (value === undefined ? null : value);

/**
 * A unit of work in a flow. Subclass it and implement `run`, or use {@link task} for a
 * function. `I` is the shape of the keyword inputs, `O` the result.
 *
 * @example
 * ```ts
 * class Extract extends Task<{ url: string }, string> {
 *   static override taskType = 'my-project.Extract';
 *   async run({ url }: { url: string }, { signal }: TaskRunContext) {
 *     return (await fetch(url, { signal })).text();
 *   }
 * }
 * const extract = new Extract({ maxRetries: 2, retryDelay: 5_000 });
 * ```
 */
export abstract class Task<I extends object = Record<string, unknown>, out O = unknown> {
  /** Serialized `type` of instances of this class. */
  static taskType = 'headwater.Task';
  readonly [taskMarker] = true;

  name: string;
  slug: string | undefined;
  tags: ReadonlySet<string>;
  maxRetries: number;
  retryDelay: number | null;
  timeout: number | null;
  isolation: TaskIsolation;
  trigger: Trigger;
  skipOnUpstreamSkip: boolean;
  maxLoops: number;
  cacheFor: number | null;
  cacheKey: string | null;
  cacheValidator: CacheValidator;
  checkpoint: boolean | undefined;
  resultHandler: ResultHandlerV1 | undefined;
  stateHandlers: readonly TaskStateHandler[];
  inputDescriptions: Readonly<Record<string, InputDescription>> | undefined;
  outputs: string;
  /** Serialized `type`. */
  readonly type: string;
  /** True for tasks Headwater created (constants). */
  autoGenerated = false;

  constructor(options: TaskOptions<I> = {}) {
    const ctor = new.target as unknown as { taskType: string; name: string };
    this.type = options.type ?? ctor.taskType;
    this.name = options.name ?? ctor.name;
    this.slug = options.slug;
    this.tags = new Set(options.tags ?? []);
    this.maxRetries = options.maxRetries ?? 0;
    this.retryDelay = orNull(options.retryDelay);
    this.timeout = orNull(options.timeout);
    this.isolation = options.isolation ?? 'auto';
    this.trigger = options.trigger ?? allSuccessful;
    this.skipOnUpstreamSkip = options.skipOnUpstreamSkip ?? true;
    this.maxLoops = options.maxLoops ?? 1000;
    this.cacheFor = orNull(options.cacheFor);
    this.cacheKey = options.cacheKey ?? null;
    this.cacheValidator = options.cacheValidator ?? (this.cacheFor === null ? neverUse : durationOnly);
    this.checkpoint = options.checkpoint;
    this.resultHandler = options.resultHandler;
    this.stateHandlers = options.stateHandlers ?? [];
    this.inputDescriptions = options.inputs as Record<string, InputDescription> | undefined;
    this.outputs = options.outputs ?? 'any';
  }

  /** Does the work. Throw to fail; the result becomes the `Success` state's result. */
  abstract run(inputs: I, context: TaskRunContext): O | Promise<O>;

  /**
   * A copy with a fresh slug (and `overrides` applied), e.g. to use one task twice in a flow.
   * Subclasses with `#private` fields override this.
   */
  copy(overrides: Partial<Pick<Task<I, O>, 'name' | 'slug' | 'tags' | 'maxRetries' | 'timeout'>> = {}): this {
    // A spread keeps the copy in V8's fast-property mode; Object.assign onto Object.create()
    // turns an object with this many properties into a dictionary, a hash lookup on every read.
    const clone = Object.setPrototypeOf({ ...this, slug: undefined }, Object.getPrototypeOf(this)) as this;
    return Object.assign(clone, overrides);
  }

  toString(): string {
    return `<Task: ${this.name}${this.slug === undefined ? '' : ` (${this.slug})`}>`;
  }
}

/** True for a Task, also one made by another copy of this package. */
export function isTask(value: unknown): value is Task<any, unknown> {
  return (
    value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[taskMarker] === true
  );
}

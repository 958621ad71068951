import type { JsonObject, JsonValue } from '../contracts/json.js';
import type { SerializedResultHandler } from '../contracts/result-handler.js';
import { VERSION } from '../version.js';
import { isStateTypeOf, STATE_TYPES, type StateType } from './state-hierarchy.js';

/** A result made JSON-safe by a result handler: what travels in a serialized state. */
export interface SafeResult {
  /** What the handler's `write` returned (the value itself for `JSONResultHandler`). */
  value: JsonValue;
  /** The handler that can read `value` back. */
  resultHandler: SerializedResultHandler;
}

/** An input value remembered by a state so a retry or resume can run with the same inputs. */
export interface CachedInput {
  /** The raw value (in memory only; `undefined` after deserialization unless JSON-safe). */
  value: unknown;
  /** The safe form, when the input was checkpointed. */
  safeResult: SafeResult | null;
}

/** The result object of the wire format. */
export type SerializedResult =
  | { type: 'NoResultType'; __version__: string }
  | { type: 'SafeResult'; value: JsonValue; result_handler: SerializedResultHandler; __version__: string };

/** A state on the wire: `type`, `message`, `context`, `_result`, `__version__` and per-type keys. */
export interface SerializedState {
  type: StateType;
  message: string | null;
  context: JsonObject | null;
  _result: SerializedResult;
  __version__: string;
  [key: string]: unknown;
}

/** Options every state takes. */
export interface StateOptions<T = unknown> {
  /** Human-readable explanation, e.g. `Task run succeeded.` */
  message?: string | null;
  /** The raw result (a task's return value, or the error of a failure). Never serialized. */
  result?: T;
  /** The checkpointed, JSON-safe result. This is what is serialized. */
  safeResult?: SafeResult | null;
  /** JSON-safe context carried with the state. */
  context?: JsonObject | null;
}

/** Options of states that remember their inputs. */
export interface CachedInputsOptions<T = unknown> extends StateOptions<T> {
  /** Inputs by name, so a retry or resume can use them. */
  cachedInputs?: Record<string, CachedInput> | null;
}

/** Options of Scheduled and its subclasses. */
export interface ScheduledOptions<T = unknown> extends CachedInputsOptions<T> {
  /**
   * When the run may start.
   * @default now
   */
  startTime?: Date | null;
}

/** Each state type's bit in a {@link lineage} mask. */
const bit = Object.fromEntries(STATE_TYPES.map((type, i) => [type, 1 << i])) as Readonly<
  Record<string, number>
>;

/** For each type, the bits of the types it is (itself and its ancestors). */
const lineage = new Map<string, number>(
  STATE_TYPES.map((type) => [
    type,
    STATE_TYPES.filter((ancestor) => isStateTypeOf(type, ancestor)).reduce((mask, t) => mask | bit[t]!, 0),
  ]),
);

const serializeResult = (safe: SafeResult | null): SerializedResult =>
  safe === null
    ? { type: 'NoResultType', __version__: VERSION }
    : { type: 'SafeResult', value: safe.value, result_handler: safe.resultHandler, __version__: VERSION };

const serializeCachedInputs = (inputs: Record<string, CachedInput> | null) => {
  if (inputs === null) return null;
  const out: Record<string, SerializedResult> = {};
  for (const [name, input] of Object.entries(inputs)) out[name] = serializeResult(input.safeResult);
  return out;
};

/**
 * The state of a flow run or task run. Concrete classes follow the hierarchy in
 * `STATE_PARENTS` (e.g. `Cached` ⊂ `Success` ⊂ `Finished`); the `is*` predicates compare by
 * type name, so they also hold for states made by another copy of this package.
 *
 * @example
 * ```ts
 * const state = new Success({ message: 'Task run succeeded.', result: 42 });
 * state.isSuccessful(); // true
 * state.isFinished(); // true
 * state.serialize(); // { type: 'Success', message: 'Task run succeeded.', _result: { type: 'NoResultType', … }, … }
 * ```
 */
export abstract class State<T = unknown> {
  message: string | null;
  result: T | undefined;
  safeResult: SafeResult | null;
  context: JsonObject | null;
  /** This state's {@link lineage} mask, looked up on the first `is()`: a run asks a state several times. */
  #lineage = -1;

  constructor(options: StateOptions<T> = {}) {
    this.message = options.message ?? null;
    this.result = options.result;
    this.safeResult = options.safeResult ?? null;
    this.context = options.context ?? null;
  }

  /** The state type name, as serialized. */
  abstract get type(): StateType;

  /** True when this state is `type` or a subtype of it. */
  is(type: StateType): boolean {
    if (this.#lineage === -1) this.#lineage = lineage.get(this.type) ?? 0;
    return (this.#lineage & (bit[type] ?? 0)) !== 0;
  }
  isPending(): boolean {
    return this.is('Pending');
  }
  isScheduled(): boolean {
    return this.is('Scheduled');
  }
  isPaused(): boolean {
    return this.is('Paused');
  }
  isResume(): boolean {
    return this.is('Resume');
  }
  isRetrying(): boolean {
    return this.is('Retrying');
  }
  isSubmitted(): boolean {
    return this.is('Submitted');
  }
  isQueued(): boolean {
    return this.is('Queued');
  }
  isClientFailed(): boolean {
    return this.is('ClientFailed');
  }
  /** Submitted, Queued and ClientFailed wrap another state. */
  isMetaState(): boolean {
    return this.isSubmitted() || this.isQueued() || this.isClientFailed();
  }
  isRunning(): boolean {
    return this.is('Running');
  }
  isCancelling(): boolean {
    return this.is('Cancelling');
  }
  isFinished(): boolean {
    return this.is('Finished');
  }
  isSuccessful(): boolean {
    return this.is('Success');
  }
  isCached(): boolean {
    return this.is('Cached');
  }
  isMapped(): boolean {
    return this.is('Mapped');
  }
  isSkipped(): boolean {
    return this.is('Skipped');
  }
  isFailed(): boolean {
    return this.is('Failed');
  }
  isTimedOut(): boolean {
    return this.is('TimedOut');
  }
  isTriggerFailed(): boolean {
    return this.is('TriggerFailed');
  }
  isCancelled(): boolean {
    return this.is('Cancelled');
  }
  isLooped(): boolean {
    return this.is('Looped');
  }

  /** The wire form. Raw results are never included, only `safeResult`. */
  serialize(): SerializedState {
    return {
      type: this.type,
      message: this.message,
      context: this.context,
      _result: serializeResult(this.safeResult),
      ...this.extraFields(),
      __version__: VERSION,
    };
  }

  /** Per-type wire keys. */
  protected extraFields(): Record<string, unknown> {
    return {};
  }

  toString(): string {
    return this.message === null ? `<${this.type}>` : `<${this.type}: "${this.message}">`;
  }
}

/** Not yet running. */
export class Pending<T = unknown> extends State<T> {
  cachedInputs: Record<string, CachedInput> | null;
  constructor(options: CachedInputsOptions<T> = {}) {
    super(options);
    this.cachedInputs = options.cachedInputs ?? null;
  }
  get type(): StateType {
    return 'Pending';
  }
  protected override extraFields(): Record<string, unknown> {
    return { cached_inputs: serializeCachedInputs(this.cachedInputs) };
  }
}

/**
 * Pending until `startTime`. Only a {@link Paused} state may have none (`null`: until
 * resumed); every other Scheduled-like state has one.
 */
export class Scheduled<T = unknown> extends Pending<T> {
  startTime: Date | null;
  constructor(options: ScheduledOptions<T> = {}) {
    super(options);
    this.startTime = options.startTime ?? new Date();
  }
  override get type(): StateType {
    return 'Scheduled';
  }
  protected override extraFields(): Record<string, unknown> {
    return { ...super.extraFields(), start_time: this.startTime?.toISOString() ?? null };
  }
}

/**
 * Waiting for a manual resume (a `manualOnly` trigger, a `PauseSignal`): until `startTime`
 * when it has one (its wake-up time), else until resumed.
 *
 * @example
 * ```ts
 * new Paused({ message: 'Waiting for approval.' }).startTime; // null: until resumed
 * new Paused({ startTime: new Date(Date.now() + 3_600_000) }); // resumes itself in an hour
 * ```
 */
export class Paused<T = unknown> extends Scheduled<T> {
  constructor(options: ScheduledOptions<T> = {}) {
    super(options);
    this.startTime = options.startTime ?? null;
  }
  override get type(): StateType {
    return 'Paused';
  }
  /** True when the pause is over by itself: it has a wake-up time and that time has come. */
  isDue(now: number = Date.now()): boolean {
    return this.startTime !== null && this.startTime.getTime() <= now;
  }
}

/** Resumed after a pause: the next run passes a `manualOnly` trigger. */
export class Resume<T = unknown> extends Scheduled<T> {
  declare startTime: Date;
  override get type(): StateType {
    return 'Resume';
  }
}

/** Options of Retrying. */
export interface RetryingOptions<T = unknown> extends ScheduledOptions<T> {
  /**
   * How many runs already happened.
   * @default 0
   */
  runCount?: number;
}

/** Failed, to be run again at `startTime`. */
export class Retrying<T = unknown> extends Scheduled<T> {
  declare startTime: Date;
  runCount: number;
  constructor(options: RetryingOptions<T> = {}) {
    super(options);
    this.runCount = options.runCount ?? 0;
  }
  override get type(): StateType {
    return 'Retrying';
  }
  protected override extraFields(): Record<string, unknown> {
    return { ...super.extraFields(), run_count: this.runCount };
  }
}

/** Options of the meta states that wrap another state. */
export interface MetaStateOptions<T = unknown> extends StateOptions<T> {
  /** The wrapped state. */
  state?: State | null;
}

/** Picked up by an agent or executor; wraps the state it was submitted in. */
export class Submitted<T = unknown> extends State<T> {
  state: State | null;
  constructor(options: MetaStateOptions<T> = {}) {
    super(options);
    this.state = options.state ?? null;
  }
  get type(): StateType {
    return 'Submitted';
  }
  protected override extraFields(): Record<string, unknown> {
    return { state: this.state?.serialize() ?? null };
  }
}

/** Options of Queued. */
export interface QueuedOptions<T = unknown> extends MetaStateOptions<T> {
  /** When to try again. @default now */
  startTime?: Date | null;
}

/** Could not run yet (e.g. a concurrency limit); wraps the previous state. */
export class Queued<T = unknown> extends State<T> {
  state: State | null;
  startTime: Date;
  constructor(options: QueuedOptions<T> = {}) {
    super(options);
    this.state = options.state ?? null;
    this.startTime = options.startTime ?? new Date();
  }
  get type(): StateType {
    return 'Queued';
  }
  protected override extraFields(): Record<string, unknown> {
    return { state: this.state?.serialize() ?? null, start_time: this.startTime.toISOString() };
  }
}

/** The API refused a state write (e.g. a stale version); wraps the state that was refused. */
export class ClientFailed<T = unknown> extends State<T> {
  state: State | null;
  constructor(options: MetaStateOptions<T> = {}) {
    super(options);
    this.state = options.state ?? null;
  }
  get type(): StateType {
    return 'ClientFailed';
  }
  protected override extraFields(): Record<string, unknown> {
    return { state: this.state?.serialize() ?? null };
  }
}

/** Running now. */
export class Running<T = unknown> extends State<T> {
  get type(): StateType {
    return 'Running';
  }
}

/** Running, and asked to stop. */
export class Cancelling<T = unknown> extends Running<T> {
  override get type(): StateType {
    return 'Cancelling';
  }
}

/** Done, one way or another. */
export class Finished<T = unknown> extends State<T> {
  get type(): StateType {
    return 'Finished';
  }
}

/** Finished successfully. */
export class Success<T = unknown> extends Finished<T> {
  override get type(): StateType {
    return 'Success';
  }
}

/** Options of Cached. */
export interface CachedOptions<T = unknown> extends CachedInputsOptions<T> {
  /** Parameter values the result was computed with. */
  cachedParameters?: JsonObject | null;
  /** When the cached result stops being valid (`null`: never). */
  cachedResultExpiration?: Date | null;
}

/** Successful with a result that later runs may reuse. */
export class Cached<T = unknown> extends Success<T> {
  cachedInputs: Record<string, CachedInput> | null;
  cachedParameters: JsonObject | null;
  cachedResultExpiration: Date | null;
  constructor(options: CachedOptions<T> = {}) {
    super(options);
    this.cachedInputs = options.cachedInputs ?? null;
    this.cachedParameters = options.cachedParameters ?? null;
    this.cachedResultExpiration = options.cachedResultExpiration ?? null;
  }
  override get type(): StateType {
    return 'Cached';
  }
  protected override extraFields(): Record<string, unknown> {
    return {
      cached_inputs: serializeCachedInputs(this.cachedInputs),
      cached_parameters: this.cachedParameters,
      cached_result_expiration: this.cachedResultExpiration?.toISOString() ?? null,
    };
  }
}

/** Options of Mapped. */
export interface MappedOptions<T = unknown> extends StateOptions<T> {
  /** The children's states (placeholders `null` after deserialization). */
  mapStates?: (State | null)[];
}

/** A mapped task: each child ran on its own; the children's states are in `mapStates`. */
export class Mapped<T = unknown> extends Success<T> {
  mapStates: (State | null)[];
  constructor(options: MappedOptions<T> = {}) {
    super(options);
    this.mapStates = options.mapStates ?? [];
  }
  override get type(): StateType {
    return 'Mapped';
  }
  /** How many children the task mapped into. */
  get nMapStates(): number {
    return this.mapStates.length;
  }
  override serialize(): SerializedState {
    // Children are separate task runs; only their number travels, and no result.
    const { _result, ...rest } = super.serialize();
    return { ...rest, _result: { type: 'NoResultType', __version__: VERSION } };
  }
  protected override extraFields(): Record<string, unknown> {
    return { n_map_states: this.mapStates.length };
  }
}

/** Did not run, counted as a success (e.g. an upstream task was skipped). */
export class Skipped<T = unknown> extends Success<T> {
  override get type(): StateType {
    return 'Skipped';
  }
}

/** Finished with an error. */
export class Failed<T = unknown> extends Finished<T> {
  cachedInputs: Record<string, CachedInput> | null;
  constructor(options: CachedInputsOptions<T> = {}) {
    super(options);
    this.cachedInputs = options.cachedInputs ?? null;
  }
  override get type(): StateType {
    return 'Failed';
  }
  protected override extraFields(): Record<string, unknown> {
    return { cached_inputs: serializeCachedInputs(this.cachedInputs) };
  }
}

/** Failed because it ran longer than its timeout. */
export class TimedOut<T = unknown> extends Failed<T> {
  override get type(): StateType {
    return 'TimedOut';
  }
}

/** Failed because its trigger did not pass (e.g. an upstream task failed). */
export class TriggerFailed<T = unknown> extends Failed<T> {
  override get type(): StateType {
    return 'TriggerFailed';
  }
}

/** Stopped on request. */
export class Cancelled<T = unknown> extends Finished<T> {
  override get type(): StateType {
    return 'Cancelled';
  }
}

/** Options of Looped. */
export interface LoopedOptions<T = unknown> extends StateOptions<T> {
  /** Which iteration finished. */
  loopCount: number;
}

/** Finished one iteration of a loop; runs again. */
export class Looped<T = unknown> extends Finished<T> {
  loopCount: number;
  constructor(options: LoopedOptions<T>) {
    super(options);
    this.loopCount = options.loopCount;
  }
  override get type(): StateType {
    return 'Looped';
  }
  protected override extraFields(): Record<string, unknown> {
    return { loop_count: this.loopCount };
  }
}

/** True for any State object, also from another copy of this package. */
export function isState(value: unknown): value is State {
  return (
    value instanceof State ||
    (value !== null &&
      typeof value === 'object' &&
      typeof (value as State).is === 'function' &&
      typeof (value as State).type === 'string' &&
      typeof (value as State).serialize === 'function')
  );
}

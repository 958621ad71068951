import type { TaskRunRequest, TransportedState } from './task-run-request.js';

/**
 * Executors run task work. The engine decides *what* may run (dependencies, triggers);
 * the executor decides *when* and *where* (in order, concurrently, on a queue).
 * Resolved from `"<package>:<export>"` strings (`"@headwater/core:LocalExecutor"`, or the
 * short form `"LocalExecutor"`); the export is a class constructed with the environment's
 * `executor_kwargs`.
 *
 * @example
 * ```ts
 * export class MyQueueExecutor implements Executor {
 *   readonly specificationVersion = 'v1';
 *   readonly name = 'my-queue-executor:MyQueueExecutor';
 *   constructor(private readonly options: { queue?: string } = {}) {}
 *   submit<T>(work: () => Promise<T>) { return enqueue(this.options.queue, work); }
 *   map<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>) {
 *     return Promise.all(items.map((item, i) => this.submit(() => work(item, i))));
 *   }
 *   wait<T>(futures: readonly Promise<T>[]) { return Promise.all(futures); }
 * }
 * ```
 */
export interface Executor {
  readonly specificationVersion: 'v1';
  /** The name it is resolved by, e.g. `"@headwater/core:LocalExecutor"`. */
  readonly name: string;
  /** Called once before a flow run starts submitting work. */
  start?(): Promise<void> | void;
  /** Called once after a flow run, also when it failed. */
  shutdown?(): Promise<void> | void;
  /**
   * Runs `work` when the executor has capacity; the promise settles with its outcome.
   * Never called from inside other submitted work, so a bounded executor cannot deadlock.
   */
  submit<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` for every item (the children of a mapped task); results in item order. */
  map<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]>;
  /** Resolves when every future has settled successfully, in order. */
  wait<T>(futures: readonly Promise<T>[]): Promise<T[]>;
  /**
   * Runs one task run in another process (a queue's worker) from data only. When an
   * executor has it, the engine sends every task run, mapped children included, here
   * instead of running it in this process (still inside `submit` and `map`); the other
   * process runs it with `runTaskRunRequest` and reports its states. Resolves to the task
   * run's state after that run.
   */
  runTaskRun?(request: TaskRunRequest): Promise<TransportedState>;
}

/** What an executor export is: a class taking the serialized `executor_kwargs`. */
export type ExecutorClass = new (options?: any) => Executor;

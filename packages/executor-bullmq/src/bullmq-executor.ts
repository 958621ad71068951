import type { Executor, TaskRunRequest, TransportedState } from '@headwater/core';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { queueName, redisConnection } from './redis-connection.js';

/** Options of {@link BullMQExecutor} (a `RemoteEnvironment`'s `executorKwargs`). */
export interface BullMQExecutorOptions {
  /** The Redis every worker of the queue reaches, e.g. `redis://10.0.0.5:6379`. */
  redis: string;
  /**
   * The BullMQ queue; `headwater worker start --queue` takes task runs from it.
   * @default 'headwater-tasks'
   */
  queue?: string;
  /**
   * Seconds a finished task run's reply (its state and a result without a result handler)
   * stays in Redis.
   * @default 3600
   */
  keepRepliesFor?: number;
}

interface Waiting {
  request: TaskRunRequest;
  resolve: (job: Job) => void;
  reject: (error: unknown) => void;
}

/** Jobs added to Redis in one round trip. */
const BATCH = 500;

/**
 * Sends every task run of a flow run, mapped children included, to a BullMQ queue on Redis;
 * `headwater worker start` processes on any host take them, load the flow from the run's
 * storage, run the task and report its states to the API. The flow run's process keeps the
 * graph and the flow run's states. A worker that dies mid-task loses its job lock, and
 * BullMQ's stalled-job check hands the task run to another worker, which runs it again under
 * the task-run version lock.
 *
 * @example
 * ```ts
 * import { Flow } from '@headwater/core';
 * import { RemoteEnvironment } from '@headwater/environments';
 *
 * const flow = new Flow('fan-out', {
 *   environment: new RemoteEnvironment({
 *     executor: '@headwater/executor-bullmq:BullMQExecutor',
 *     executorKwargs: { redis: 'redis://10.0.0.5:6379', queue: 'etl' },
 *   }),
 * });
 * ```
 */
export class BullMQExecutor implements Executor {
  readonly specificationVersion = 'v1' as const;
  readonly name = '@headwater/executor-bullmq:BullMQExecutor';
  readonly queue: string;
  readonly #connection: ReturnType<typeof redisConnection>;
  readonly #keepFor: number;
  #queue: Queue | undefined;
  #events: QueueEvents | undefined;
  #ready: Promise<void> | undefined;
  #waiting: Waiting[] = [];
  #flushing = false;

  constructor(options: BullMQExecutorOptions) {
    this.#connection = redisConnection(options?.redis, 'The BullMQExecutor option "redis"');
    this.queue = queueName(options?.queue, 'The BullMQExecutor option "queue"');
    this.#keepFor = options?.keepRepliesFor ?? 3600;
  }

  start(): Promise<void> {
    this.#ready ??= (async () => {
      this.#queue = new Queue(this.queue, { connection: this.#connection });
      // Every task run waiting for its reply (BullMQ's waitUntilFinished) listens for the queue
      // closing, and a mapped task has thousands waiting at once: no listener limit.
      this.#queue.setMaxListeners(0);
      this.#events = new QueueEvents(this.queue, { connection: this.#connection });
      this.#events.setMaxListeners(0);
      await Promise.all([this.#queue.waitUntilReady(), this.#events.waitUntilReady()]);
    })();
    return this.#ready;
  }

  async shutdown(): Promise<void> {
    await Promise.all([this.#events?.close(), this.#queue?.close()]);
    this.#ready = undefined;
  }

  /** The queue's workers bound how much runs at once; nothing waits here. */
  submit<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  map<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
    return Promise.all(items.map((item, i) => work(item, i)));
  }

  wait<T>(futures: readonly Promise<T>[]): Promise<T[]> {
    return Promise.all(futures);
  }

  async runTaskRun(request: TaskRunRequest): Promise<TransportedState> {
    await this.start();
    const job = await new Promise<Job>((resolve, reject) => {
      this.#waiting.push({ request, resolve, reject });
      if (!this.#flushing) setImmediate(() => void this.#flush());
      this.#flushing = true;
    });
    return (await job.waitUntilFinished(this.#events!)) as TransportedState;
  }

  /** Adds the task runs submitted since the last flush, a batch per round trip. */
  async #flush(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, BATCH);
      try {
        const jobs = await this.#queue!.addBulk(
          batch.map(({ request }) => ({
            name: request.mapIndex === null ? request.taskSlug : `${request.taskSlug}[${request.mapIndex}]`,
            data: request,
            opts: {
              attempts: 1,
              removeOnComplete: { age: this.#keepFor },
              removeOnFail: { age: this.#keepFor },
            },
          })),
        );
        for (const [i, waiting] of batch.entries()) waiting.resolve(jobs[i]!);
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.#flushing = false;
  }
}

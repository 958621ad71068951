import type { Client, FlowRunInfo } from '@headwater/client';
import type { Flow, TaskRunRequest, TransportedState } from '@headwater/core';
import { TaskRunWorker } from '@headwater/runtime';
import { type Job, Worker } from 'bullmq';
import { queueName, redisConnection } from './redis-connection.js';

/** Options of {@link startBullMQWorker}. */
export interface BullMQWorkerOptions {
  /** The Redis of the queue, e.g. `redis://10.0.0.5:6379`. */
  redis: string;
  /** @default 'headwater-tasks' */
  queue?: string;
  /**
   * Task runs in flight at once in this process.
   * @default 1
   */
  concurrency?: number;
  /** The API task-run states and logs go to. */
  client: Client;
  /**
   * Milliseconds a job's lock lasts without renewal; a worker gone that long has its task
   * run handed to another worker.
   * @default 30000
   */
  lockDurationMs?: number;
  /** Loads a flow run's flow. @default from the run's registered storage, as `execute flow-run` does */
  loadFlow?: (run: FlowRunInfo) => Promise<Flow>;
  /** Local output (logs of the task runs). @default stderr */
  write?: (line: string) => void;
  /** Ship task logs to the API. @default true */
  logToCloud?: boolean;
}

/** A running worker. */
export interface BullMQWorker {
  readonly worker: Worker;
  /** Stops taking task runs, waits for those in flight, sends the last log lines. */
  close(): Promise<void>;
}

/**
 * Starts a BullMQ worker that runs the task runs flow runs send to `queue` (see
 * `BullMQExecutor`): each with `TaskRunWorker` of `@headwater/runtime`, which loads the flow
 * from the run's storage and reports the task run to the API. Before a final state is
 * written, it is kept on the job, so a delivery after a crash hands back the same result.
 *
 * @example
 * ```ts
 * const worker = await startBullMQWorker({ redis: 'redis://127.0.0.1:6379', concurrency: 4, client });
 * await worker.close();
 * ```
 */
export async function startBullMQWorker(options: BullMQWorkerOptions): Promise<BullMQWorker> {
  const connection = redisConnection(options.redis, "The worker's Redis URL");
  const queue = queueName(options.queue, "The worker's queue");
  const runner = new TaskRunWorker({
    client: options.client,
    ...(options.write ? { write: options.write } : {}),
    ...(options.loadFlow ? { loadFlow: options.loadFlow } : {}),
    ...(options.logToCloud === undefined ? {} : { logToCloud: options.logToCloud }),
  });
  const lockDuration = options.lockDurationMs ?? 30_000;
  const worker = new Worker(
    queue,
    async (job: Job<TaskRunRequest>) => {
      const progress = job.progress as { kept?: TransportedState } | number | undefined;
      return runner.run(job.data, {
        kept: typeof progress === 'object' ? progress?.kept : undefined,
        keep: (state) => job.updateProgress({ kept: state }),
      });
    },
    {
      connection,
      concurrency: options.concurrency ?? 1,
      lockDuration,
      stalledInterval: lockDuration,
      maxStalledCount: 3,
    },
  );
  await worker.waitUntilReady();
  return {
    worker,
    async close() {
      await worker.close();
      await runner.close();
    },
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, SetStateResult } from '@headwater/client';
import { ClientError, VersionLockError } from '@headwater/client';
import {
  type Cached,
  ClientFailed,
  EndRun,
  JSONResultHandler,
  Queued,
  type RunnerHooks,
  type State,
  type Task,
} from '@headwater/core';
import type { RunLogger } from './run-logger.js';

/** Options of a {@link TaskRunReporter}. */
export interface TaskRunReporterOptions {
  client: Client;
  /** The flow run's logger; task loggers are its children. */
  logger: RunLogger;
  /** The flow-run version task-run writes are locked against (the flow run's owner moves it). */
  flowRunVersion: () => number;
  /**
   * A write met a stale version: resolves to true when the writer caught up (e.g. adopted a
   * cancellation) and the write may be tried again. @default never
   */
  retryAfterVersionLock?: () => Promise<boolean>;
  /** A write failed for good (the API refused it, or stayed unreachable). */
  onReportError?: (error: unknown) => void;
  /** The task run a reused Cached state came from (see `CrossRunCache`). */
  cachedFrom?: (state: State) => string | undefined;
}

const inputHandler = new JSONResultHandler();

/**
 * Keeps the inputs of a Cached state in the state itself (JSON, encoded as results are), so a
 * run in another process can check them with the task's cache validator. An input JSON cannot
 * keep is left out: the validator then finds the inputs differ, and the task runs.
 */
async function storeCachedInputs(state: Cached): Promise<void> {
  for (const input of Object.values(state.cachedInputs ?? {})) {
    if (input.safeResult !== null || input.value === undefined) continue;
    try {
      input.safeResult = {
        value: await inputHandler.write(input.value),
        resultHandler: inputHandler.serialize(),
      };
    } catch {
      // Not storable: see above.
    }
  }
}

/** Shortest wait between two tries for a concurrency slot. */
const MIN_SLOT_POLL_MS = 200;

const TASK_RUN_VERSION = 'query cloudTaskRunVersion($id: ID!) { taskRun(id: $id) { version state } }';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Transient failures after which a write may or may not have been applied. */
export function isTransient(error: unknown): boolean {
  return ClientError.isInstance(error) && ['API_UNREACHABLE', 'INTERNAL', 'HTTP_ERROR'].includes(error.code);
}

/**
 * Reports task-run states to the API as a run process does, wherever the task runs (the
 * flow run's process, or a worker a queue handed the task run to): every write is
 * version-locked against the task run and the flow run, a stale version leaves the task
 * run to the process that moved it, transient failures are retried, and every state gets
 * its log line on the task run's logger.
 *
 * @example
 * ```ts
 * const reporter = new TaskRunReporter({ client, logger, flowRunVersion: () => 3 });
 * const hooks: RunnerHooks = { taskRunStateChange: reporter.stateChange };
 * ```
 */
export class TaskRunReporter {
  readonly #options: TaskRunReporterOptions;

  constructor(options: TaskRunReporterOptions) {
    this.#options = options;
  }

  /** The `taskRunStateChange` hook: writes the state, moves the context's `taskRunVersion`, logs it. */
  readonly stateChange: NonNullable<RunnerHooks['taskRunStateChange']> = async ({
    task,
    mapIndex,
    context,
    oldState,
    newState,
  }) => {
    const taskRunId = context.taskRunId as string;
    if (newState.isCached()) await storeCachedInputs(newState as Cached);
    const cache = newState.isCached()
      ? {
          cacheKey: context.cacheKey as string | undefined,
          cachedFromTaskRunId: this.#options.cachedFrom?.(newState),
        }
      : {};
    let result = await this.write(task, taskRunId, context.taskRunVersion as number, newState, cache);
    if (result.status === 'QUEUED' && newState.isRunning()) {
      result = await this.#waitForSlot(task, mapIndex, taskRunId, result, newState);
    }
    context.taskRunVersion = result.version;
    if (result.status === 'QUEUED') {
      return new Queued({ message: result.message ?? 'Queued by the API.', state: oldState });
    }
    this.logState(task, mapIndex, taskRunId, oldState, newState);
  };

  /**
   * A Running write the API answered `QUEUED` (a concurrency limit is full): proposes Running
   * again, halfway to each retry time the API names, so this process takes the slot before the
   * queue would hand the task run to another. Resolves to the write that got the slot.
   */
  async #waitForSlot(
    task: Task<any, unknown>,
    mapIndex: number | null,
    taskRunId: string,
    queued: SetStateResult,
    running: State,
  ) {
    this.taskLogger(task, mapIndex, taskRunId).info(queued.message ?? 'Waiting for a concurrency slot.');
    let result = queued;
    while (result.status === 'QUEUED') {
      const due = result.startTime ? Date.parse(result.startTime) : Date.now() + 1_000;
      await sleep(Math.max(MIN_SLOT_POLL_MS, (due - Date.now()) / 2));
      result = await this.write(task, taskRunId, result.version, running);
    }
    return result;
  }

  /** Writes one task-run state; a stale version or a failed report ends the task run (`EndRun`). */
  async write(
    task: Task<any, unknown>,
    taskRunId: string,
    version: number,
    state: State,
    cache: { cacheKey?: string | undefined; cachedFromTaskRunId?: string | undefined } = {},
  ): Promise<SetStateResult> {
    const { client, logger } = this.#options;
    for (let attempt = 0; ; attempt++) {
      try {
        return await client.setTaskRunState(taskRunId, version, state.serialize(), {
          flowRunVersion: this.#options.flowRunVersion(),
          ...(cache.cacheKey ? { cacheKey: cache.cacheKey } : {}),
          ...(cache.cachedFromTaskRunId ? { cachedFromTaskRunId: cache.cachedFromTaskRunId } : {}),
        });
      } catch (error) {
        if (VersionLockError.isInstance(error)) {
          if (await (this.#options.retryAfterVersionLock?.() ?? false)) continue;
          const reason = `task run ${task.slug} (${taskRunId}) was changed by another process`;
          this.taskLogger(task, null, taskRunId).debug(`Leaving ${reason}.`);
          throw new EndRun(new ClientFailed({ message: `Left to another process: ${reason}.`, state }));
        }
        if (isTransient(error)) {
          const current = await this.#readTaskRun(taskRunId).catch(() => undefined);
          if (current && current.version === version + 1 && current.state === state.type) {
            return {
              id: taskRunId,
              status: 'SUCCESS' as const,
              version: current.version,
              state: state.type,
              message: null,
            };
          }
          if (attempt < 4) {
            await sleep(500 * 2 ** attempt);
            continue;
          }
        }
        this.#options.onReportError?.(error);
        logger.error(`Could not write the ${state.type} state of task ${task.slug}: ${messageOf(error)}`);
        throw new EndRun(
          new ClientFailed({ message: `Could not report the state: ${messageOf(error)}`, state }),
        );
      }
    }
  }

  /** The logger of one task run (or mapped child). */
  taskLogger(task: Task<any, unknown>, mapIndex: number | null, taskRunId?: string): RunLogger {
    const name =
      mapIndex === null ? `headwater.Task: ${task.slug}` : `headwater.Task: ${task.slug}[${mapIndex}]`;
    return this.#options.logger.child(name, {
      taskSlug: task.slug!,
      mapIndex,
      ...(taskRunId ? { taskRunId } : {}),
    });
  }

  /** The log line of a task-run state change. */
  logState(
    task: Task<any, unknown>,
    mapIndex: number | null,
    taskRunId: string,
    oldState: State,
    newState: State,
  ): void {
    const logger = this.taskLogger(task, mapIndex, taskRunId);
    if (newState.isRunning()) {
      // Named in the message too: a log view may show the message without the logger's name.
      const label = mapIndex === null ? task.slug : `${task.slug}[${mapIndex}]`;
      logger.info(`Starting task run ${label} (${oldState.type} → Running).`);
      return;
    }
    if (newState.isFailed()) {
      const error = newState.result;
      const stack = error instanceof Error && error.stack ? `\n${error.stack}` : '';
      logger.error(`${newState.type}: ${newState.message ?? ''}${stack}`);
      return;
    }
    if (newState.isRetrying()) {
      const at = 'startTime' in newState ? ` at ${(newState.startTime as Date).toISOString()}` : '';
      logger.warning(`${newState.message ?? 'Retrying.'} Next run${at}.`);
      return;
    }
    logger.info(
      `Finished task run with state ${newState.type}.${newState.message ? ` ${newState.message}` : ''}`,
    );
  }

  async #readTaskRun(id: string): Promise<{ version: number; state: string } | undefined> {
    const data = await this.#options.client.graphql<{ taskRun: { version: number; state: string } | null }>(
      TASK_RUN_VERSION,
      { id },
    );
    return data.taskRun ?? undefined;
  }
}

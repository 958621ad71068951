import type { RunServices } from '../services/run-services.js';
import type { Task } from './task.js';

/**
 * What a running task receives next to its inputs.
 *
 * @example
 * ```ts
 * const download = task(async ({ url }: { url: string }, { signal }) => (await fetch(url, { signal })).text());
 * ```
 */
export interface TaskRunContext {
  /** Aborted when the task times out or the flow run is cancelled. Pass it on to I/O. */
  readonly signal: AbortSignal;
  /** The task being run. */
  readonly task: Task<any, unknown>;
  /** Name of the flow the task belongs to. */
  readonly flowName: string;
  /** Index of this child in a mapped task, `null` when not mapped. */
  readonly mapIndex: number | null;
  /** 1 on the first attempt, 2 on the first retry, … */
  readonly runCount: number;
  /** The iteration of a looping task (see `LoopSignal`): 1 on the first, 2 after one loop, … */
  readonly loopCount: number;
  /** The `result` of the last `LoopSignal` the task threw; `undefined` on the first iteration. */
  readonly loopPayload: unknown;
  /** The flow run's parameter values. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Run context: ids from the API (`flowRunId`, `taskRunId`, …) and anything a runner adds. */
  readonly context: Readonly<Record<string, unknown>>;
  /**
   * The value of a secret, read now: from the API in a run on an agent (the run's logs and
   * errors then show it as `****`), from `HEADWATER__CONTEXT__SECRETS__<NAME>` in `flow.run()`.
   * Not available in a task with `isolation: 'thread'`: give it `secret('NAME')` as an input.
   */
  secret(name: string): Promise<string>;
  /** What the run's environment provides (secrets, starting child flow runs). */
  readonly services: RunServices;
}

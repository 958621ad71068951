import { setTimeout as wait } from 'node:timers/promises';
import type { FlowRunState } from '../engine/flow-runner.js';
import { FlowValidationError } from '../errors/flow-validation-error.js';
import type { Schedule } from '../schedules/schedule.js';

/**
 * Options of `flow.run({ runOnSchedule: true, … })` besides those of one run.
 *
 * @example
 * ```ts
 * const stop = new AbortController();
 * await flow.run({ runOnSchedule: true, signal: stop.signal, onRun: (state, at) => console.log(at, state.type) });
 * ```
 */
export interface ScheduledRunOptions {
  /** Run on each event of the flow's schedule until `signal` aborts or the schedule ends. */
  runOnSchedule: true;
  /**
   * Stops the loop: no further run starts, and a run under way is cancelled (it ends
   * `Cancelled`).
   */
  signal?: AbortSignal;
  /** Called after each run with its final state and the schedule event it ran for. */
  onRun?: (state: FlowRunState, scheduledStartTime: Date) => void | Promise<void>;
}

/** What a `flow.run({ runOnSchedule: true })` loop did. */
export interface ScheduledRunsSummary {
  /** How many runs finished. */
  runs: number;
  /** The last run's final state; `undefined` when none ran. */
  lastState: FlowRunState | undefined;
  /** Why the loop ended: `stopped` by the signal, or the schedule has no further event. */
  ended: 'stopped' | 'schedule-ended';
}

/**
 * Runs a flow on each event of its schedule, the way the original's
 * `flow.run(on_schedule=True)` did: waits for the next event, runs the flow once (with
 * `scheduled_start_time` in the run's context), and repeats. Events missed while a run
 * was under way are skipped, not caught up.
 */
export async function runOnSchedule(
  flowName: string,
  schedule: Schedule | null,
  options: Omit<ScheduledRunOptions, 'runOnSchedule'>,
  runOnce: (context: Record<string, unknown>) => Promise<FlowRunState>,
): Promise<ScheduledRunsSummary> {
  if (schedule === null) {
    throw new FlowValidationError({
      flowName,
      tasks: [],
      message:
        'runOnSchedule needs a schedule; give the flow one (new Flow(name, { schedule })) or call flow.run() to run it once',
    });
  }
  const { signal, onRun } = options;
  let runs = 0;
  let lastState: FlowRunState | undefined;
  let after = new Date();
  while (!signal?.aborted) {
    const [next] = schedule.next(1, after);
    if (next === undefined) return { runs, lastState, ended: 'schedule-ended' };
    await wait(Math.max(0, next.getTime() - Date.now()), undefined, { signal }).catch(() => undefined);
    if (signal?.aborted) break;
    lastState = await runOnce({ scheduled_start_time: next.toISOString() });
    runs += 1;
    await onRun?.(lastState, next);
    after = new Date(Math.max(next.getTime(), Date.now()));
  }
  return { runs, lastState, ended: 'stopped' };
}

import type { StateCatalog } from './states.js';

/** What the failure helpers read of a task run. */
export interface TaskRunOutcome {
  state: string;
  stateMessage: string | null;
  startTime: string | null;
}

/**
 * The failed task runs of a run, those that failed by themselves first (a `TriggerFailed` task
 * only followed an upstream failure), then by when they started.
 */
export function failedTaskRuns<T extends TaskRunOutcome>(taskRuns: readonly T[], catalog: StateCatalog): T[] {
  return taskRuns
    .filter((taskRun) => catalog.isA(taskRun.state, 'Failed'))
    .sort(
      (a, b) =>
        Number(catalog.isA(a.state, 'TriggerFailed')) - Number(catalog.isA(b.state, 'TriggerFailed')) ||
        (a.startTime ?? '').localeCompare(b.startTime ?? ''),
    );
}

/**
 * Why a failed run failed, in one line: the error of the task that failed first (e.g.
 * `load: Unexpected error: connection refused`) rather than the flow's generic "Some reference
 * tasks failed."; the run's own message when no task failed (it failed before its tasks ran).
 */
export function failureReason<T extends TaskRunOutcome>(
  runMessage: string | null,
  taskRuns: readonly T[],
  catalog: StateCatalog,
  labelOf: (taskRun: T) => string,
): string {
  const [first] = failedTaskRuns(taskRuns, catalog);
  if (!first) return runMessage ?? 'No message was recorded.';
  return `${labelOf(first)}: ${first.stateMessage ?? first.state}`;
}

import type { TaskRun } from '../api/types.js';
import type { StateCatalog } from './states.js';

/**
 * The task runs "restart from failed" resets to Pending: every task run that did not succeed and
 * is not Pending already (failed, cancelled, or cut short), so the failed tasks and everything
 * after them run again while successful results are kept.
 */
export function taskRunsToRestart(taskRuns: readonly TaskRun[], catalog: StateCatalog): TaskRun[] {
  return taskRuns.filter((taskRun) => !catalog.isA(taskRun.state, 'Success') && taskRun.state !== 'Pending');
}

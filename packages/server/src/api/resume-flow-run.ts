import { FINISHED_STATES } from '@headwater/core';
import { nowIso } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import { requireFlowRun } from './flow-runs.js';
import { serverState, writeFlowRunState, writeTaskRunState } from './states.js';
import type { Store } from './store.js';
import { checkId } from './validation.js';

/** What {@link resumeFlowRun} did. */
export interface ResumedFlowRun {
  /** The flow run's state after the call (`Scheduled` when it was waiting, else unchanged). */
  state: string;
  /** Ids of the task runs put in `Resume`. */
  taskRunIds: string[];
}

interface PausedTaskRun {
  id: string;
  version: number;
  task_slug: string;
}

/** Flow-run states a resume leaves as they are: a process or an agent already holds the run. */
const HELD_STATES = new Set(['Submitted', 'Running']);

function refuse(message: string): ApiError {
  return new ApiError({ code: 'BAD_USER_INPUT', message });
}

/** The Paused task runs of the run, or those of `taskRunIds`; refuses ids that are not Paused task runs of it. */
async function pausedTaskRuns(
  store: Store,
  flowRun: { id: string; name: string; state: string },
  taskRunIds: readonly string[] | null | undefined,
): Promise<PausedTaskRun[]> {
  const rows = await store.db
    .selectFrom('task_run')
    .select(['id', 'version', 'task_slug', 'state'])
    .where('flow_run_id', '=', flowRun.id)
    .execute();
  const paused = rows.filter((row) => row.state === 'Paused');
  if (taskRunIds == null || taskRunIds.length === 0) {
    if (paused.length === 0) {
      throw refuse(
        `Flow run ${flowRun.name} (${flowRun.id}) has no paused task run, so there is nothing to resume (the run is ${flowRun.state}).`,
      );
    }
    return paused;
  }
  return taskRunIds.map((id, index) => {
    checkId(id, `taskRunIds.${index}`);
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) throw refuse(`Task run ${id} is not a task run of flow run ${flowRun.name} (${flowRun.id}).`);
    if (row.state !== 'Paused') {
      const others = paused.map((p) => `${p.task_slug} (${p.id})`).join(', ') || 'none';
      throw refuse(
        `Task run ${id} (task ${row.task_slug}) is ${row.state}, not Paused, so it cannot be resumed. Paused task runs of this flow run: ${others}.`,
      );
    }
    return row;
  });
}

/**
 * Resumes a paused flow run: its Paused task runs (or the given ones) become `Resume`, due
 * now, and a flow run that waits for them (Paused or otherwise Scheduled-like) becomes
 * `Scheduled` now, so an agent picks it up and the resumed tasks run. A run a process or agent
 * already holds (Submitted, Running) is left as it is: its Resume task runs are due, which is
 * how the queue hands it out again. Nothing paused, a finished or cancelling run, or a task
 * run that is not Paused is `BAD_USER_INPUT`. In a transaction.
 */
export async function resumeFlowRun(
  store: Store,
  tenantId: string,
  input: { flowRunId: string; taskRunIds?: readonly string[] | null },
): Promise<ResumedFlowRun> {
  const run = await requireFlowRun(store, tenantId, input.flowRunId);
  if (FINISHED_STATES.includes(run.state as never) || run.state === 'Cancelling') {
    throw refuse(
      `Flow run ${run.name} (${run.id}) is ${run.state}; a finished or cancelling run is not resumed. To run it again, restart it (set it Scheduled).`,
    );
  }
  const paused = await pausedTaskRuns(store, run, input.taskRunIds);
  const names = paused.map((taskRun) => taskRun.task_slug).join(', ');
  for (const taskRun of paused) {
    await writeTaskRunState(store, tenantId, {
      taskRunId: taskRun.id,
      version: taskRun.version,
      state: serverState('Resume', 'Resumed by hand.', nowIso()),
    });
  }
  if (HELD_STATES.has(run.state)) return { state: run.state, taskRunIds: paused.map((t) => t.id) };
  const scheduled = serverState('Scheduled', `Resumed: ${names}.`, nowIso());
  await writeFlowRunState(store, tenantId, { flowRunId: run.id, version: run.version, state: scheduled });
  return { state: scheduled.type, taskRunIds: paused.map((t) => t.id) };
}

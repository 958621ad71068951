import type { Client, FlowRunSummary, TaskRunSummary } from '@headwater/client';

const MESSAGE = 'Restarted from failed tasks';

/** Every task run of a flow run, all pages (mapped children included). */
async function allTaskRuns(client: Client, flowRunId: string): Promise<TaskRunSummary[]> {
  const taskRuns: TaskRunSummary[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await client.listTaskRuns({ flowRunId, first: 500, ...(after ? { after } : {}) });
    taskRuns.push(...page.nodes);
    if (!page.hasNextPage || !page.endCursor) return taskRuns;
    after = page.endCursor;
  }
}

/**
 * Restarts a finished flow run from its failed tasks, as the UI's "Restart from failed" does:
 * every task run that did not succeed and is not Pending (failed, cancelled or cut short) goes
 * back to Pending, so those tasks and everything after them run again while the successful
 * results are kept; then the run becomes Scheduled, due now, for an agent to pick up. Both
 * writes are version-locked, so a run that changed meanwhile is refused, not overwritten.
 * Resolves to the task runs it reset.
 */
export async function restartFromFailed(client: Client, run: FlowRunSummary): Promise<TaskRunSummary[]> {
  const { isStateTypeOf, isStateType, Pending, Scheduled } = await import('@headwater/core');
  const succeeded = (state: string) => isStateType(state) && isStateTypeOf(state, 'Success');
  const reset = (await allTaskRuns(client, run.id)).filter(
    (taskRun) => !succeeded(taskRun.state) && taskRun.state !== 'Pending',
  );
  if (reset.length > 0) {
    await client.setTaskRunStates(
      reset.map((taskRun) => ({
        taskRunId: taskRun.id,
        version: taskRun.version,
        state: new Pending({ message: MESSAGE }),
      })),
    );
  }
  await client.setFlowRunState(
    run.id,
    run.version,
    new Scheduled({ message: MESSAGE, startTime: new Date() }),
  );
  return reset;
}

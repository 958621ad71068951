import type { AuthContext } from '../auth/api-tokens.js';
import { ApiError } from '../errors/api-error.js';
import { requireHeldRun } from './held-runs.js';
import type { Store } from './store.js';
import { checkId } from './validation.js';

/**
 * Checks who may create a flow run, and under which parent task run. A USER token may create
 * any run; a RUNNER token only a child run (`parentTaskRunId`) of a task run in a flow run it
 * holds, which is how a `runFlow` task starts its flow. Returns the parent task run id.
 */
export async function checkParentTaskRun(
  store: Store,
  auth: AuthContext,
  parentTaskRunId: string | null | undefined,
): Promise<string | null> {
  if (parentTaskRunId == null) {
    if (auth.scope === 'RUNNER') {
      throw new ApiError({
        code: 'FORBIDDEN',
        message:
          'A RUNNER token creates flow runs only as children of a task run it holds (parentTaskRunId, what runFlow sends); use a USER token to create other runs.',
      });
    }
    return null;
  }
  const id = checkId(parentTaskRunId, 'parentTaskRunId');
  const parent = await store.db
    .selectFrom('task_run')
    .select('flow_run_id')
    .where('id', '=', id)
    .where('tenant_id', '=', auth.tenantId)
    .executeTakeFirst();
  if (!parent) {
    throw new ApiError({ code: 'NOT_FOUND', message: `Task run ${id} was not found in this tenant.` });
  }
  if (auth.scope === 'RUNNER') await requireHeldRun(store, auth, parent.flow_run_id, 'start child flow runs');
  return id;
}

/** Records the task run that started a new flow run. */
export async function linkParentTaskRun(
  store: Store,
  flowRunId: string,
  parentTaskRunId: string,
): Promise<void> {
  await store.db
    .updateTable('flow_run')
    .set({ parent_task_run_id: parentTaskRunId })
    .where('id', '=', flowRunId)
    .execute();
}

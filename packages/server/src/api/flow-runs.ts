import { randomUUID } from 'node:crypto';
import { FINISHED_STATES } from '@headwater/core';
import type { FlowRunTable } from '../database/tables.js';
import { nowIso, toJson } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import {
  declaredParameterNames,
  type FlowWithGroup,
  missingParameters,
  runLabels,
  runParameterDefaults,
  selectFlowsWithGroup,
  undeclaredParameters,
} from './flow-with-group.js';
import { requireFlow } from './flows.js';
import { insertFlowRun, MAX_NAME_ATTEMPTS, type NewFlowRun } from './insert-flow-run.js';
import type { ApiLimits } from './limits.js';
import { type FlowRunModel, type TaskRunModel, toFlowRun, toTaskRun } from './models.js';
import { checkParameterValues, valueSource } from './parameter-values.js';
import { recentFlow, rememberFlow } from './recent-flows.js';
import { type StateWriteResult, serverState, writeFlowRunState } from './states.js';
import type { Store } from './store.js';
import {
  checkId,
  isoInput,
  nameSchema,
  normalizeLabels,
  optionalJsonObjectSchema,
  optionalShortTextSchema,
  validate,
} from './validation.js';

/** Inputs of createFlowRun. */
export interface CreateFlowRunInput {
  flowId?: string | null;
  versionGroupId?: string | null;
  parameters?: unknown;
  context?: unknown;
  scheduledStartTime?: string | null;
  idempotencyKey?: string | null;
  name?: string | null;
  labels?: readonly string[] | null;
}

/**
 * Creates a flow run of a flow (or of the newest unarchived version of a version group).
 * Parameters: the flow's defaults < its group's default parameters < `parameters`, required
 * ones checked; labels: `labels` > the group's > the flow's. The flow and its group's settings
 * are read in one query, or taken as last read when the flow's runs were created before (the
 * insert checks that the flow still reads so). In a transaction on SQLite.
 */
export async function createFlowRun(
  store: Store,
  tenantId: string,
  input: CreateFlowRunInput,
  limits: ApiLimits,
): Promise<{ flowRun: FlowRunModel; created: boolean }> {
  const remembered = input.flowId != null ? recentFlow(tenantId, input.flowId) : undefined;
  if (remembered !== undefined) {
    // A run the remembered flow refuses may be one the flow as it is now takes: read it then.
    const made = (() => {
      try {
        return newFlowRun(remembered, input, limits);
      } catch {
        return undefined;
      }
    })();
    const result =
      made && (await insertFlowRun(store, tenantId, remembered.id, made, { asRead: remembered }));
    if (result) return { flowRun: toFlowRun(result.row), created: result.created };
  }
  for (let attempt = remembered === undefined ? 0 : 1; attempt < MAX_NAME_ATTEMPTS; attempt++) {
    const flow = await readFlowToRun(store, tenantId, input);
    rememberFlow(flow);
    const run = newFlowRun(flow, input, limits);
    const result = await insertFlowRun(store, tenantId, flow.id, run, { asRead: flow, attempt });
    if (result) return { flowRun: toFlowRun(result.row), created: result.created };
  }
  throw new Error(
    `Creating a run of ${input.flowId ?? input.versionGroupId} failed ${MAX_NAME_ATTEMPTS} times: its flow kept changing.`,
  );
}

/** The flow a run is to be created of: by id, or the newest unarchived version of a version group. */
async function readFlowToRun(
  store: Store,
  tenantId: string,
  input: CreateFlowRunInput,
): Promise<FlowWithGroup> {
  let flow: FlowWithGroup;
  if (input.flowId != null) {
    flow = await requireFlow(store, tenantId, input.flowId);
  } else if (input.versionGroupId != null) {
    const row = await selectFlowsWithGroup(store.db)
      .where('f.tenant_id', '=', tenantId)
      .where('f.version_group_id', '=', input.versionGroupId)
      .where('f.archived', '=', 0)
      .orderBy('f.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) {
      throw new ApiError({
        code: 'NOT_FOUND',
        message: `Version group ${input.versionGroupId} has no unarchived flows in this tenant.`,
      });
    }
    flow = row;
  } else {
    throw new ApiError({ code: 'BAD_USER_INPUT', message: 'A flowId or a versionGroupId must be provided.' });
  }
  if (flow.archived) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Flow ${flow.id} is archived and takes no new runs. Run the newest version (pass versionGroupId ${flow.version_group_id}).`,
    });
  }
  return flow;
}

/** The run `input` asks for of `flow`, its parameters and labels complete and checked. */
function newFlowRun(flow: FlowWithGroup, input: CreateFlowRunInput, limits: ApiLimits): NewFlowRun {
  const supplied = validate(optionalJsonObjectSchema, input.parameters, 'parameters') ?? {};
  const context = validate(optionalJsonObjectSchema, input.context, 'context') ?? {};
  checkDeclaredParameters(flow, supplied);
  const parameters = { ...runParameterDefaults(flow), ...supplied };
  const missing = missingParameters(flow, parameters);
  if (missing.length > 0) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Required parameters were not supplied: ${missing.join(', ')}.`,
      details: { missing },
    });
  }
  checkParameterValues(flow, parameters, valueSource(flow, supplied));
  return {
    parameters,
    context,
    labels: input.labels != null ? normalizeLabels(input.labels, limits) : runLabels(flow),
    scheduledStartTime: isoInput(input.scheduledStartTime, 'scheduledStartTime') ?? nowIso(),
    idempotencyKey: validate(optionalShortTextSchema(limits), input.idempotencyKey, 'idempotencyKey') ?? null,
    name: input.name != null ? validate(nameSchema(limits), input.name, 'name') : null,
    autoScheduled: false,
  };
}

/** Refuses parameters the caller gave that the flow does not declare: its run would fail at once. */
function checkDeclaredParameters(flow: FlowWithGroup, supplied: Record<string, unknown>): void {
  const unknown = undeclaredParameters(flow, supplied);
  if (unknown.length === 0) return;
  const declared = declaredParameterNames(flow);
  throw new ApiError({
    code: 'BAD_USER_INPUT',
    message: `Flow ${flow.name} (${flow.id}) does not declare the parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}. It declares ${declared.length ? declared.join(', ') : 'no parameters'}.`,
    details: { unknown, declared },
  });
}

/** Loads a flow run of the tenant or throws NOT_FOUND. */
export async function requireFlowRun(
  store: Store,
  tenantId: string,
  flowRunId: string,
): Promise<FlowRunTable> {
  checkId(flowRunId, 'flowRunId');
  const row = await store.db
    .selectFrom('flow_run')
    .selectAll()
    .where('id', '=', flowRunId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row)
    throw new ApiError({ code: 'NOT_FOUND', message: `Flow run ${flowRunId} was not found in this tenant.` });
  return row;
}

/**
 * Removes a flow's pending runs: auto-scheduled ones still Scheduled are deleted, other
 * Scheduled ones are Cancelled with `message`. In a transaction.
 */
export async function cancelScheduledRuns(store: Store, tenantId: string, flowId: string, message: string) {
  await store.db
    .deleteFrom('flow_run')
    .where('flow_id', '=', flowId)
    .where('auto_scheduled', '=', 1)
    .where('state', '=', 'Scheduled')
    .execute();
  const scheduled = await store.db
    .selectFrom('flow_run')
    .select(['id', 'version'])
    .where('flow_id', '=', flowId)
    .where('state', '=', 'Scheduled')
    .execute();
  for (const run of scheduled) {
    await writeFlowRunState(store, tenantId, {
      flowRunId: run.id,
      version: run.version,
      state: serverState('Cancelled', message),
    });
  }
}

/**
 * Cancels a flow run: finished → unchanged; Running → Cancelling; otherwise Cancelled. The
 * unfinished runs its `runFlow` tasks started (and theirs) are cancelled with it: a parent
 * waiting for nothing leaves no child running on. In a transaction.
 */
export async function cancelFlowRun(
  store: Store,
  tenantId: string,
  flowRunId: string,
  seen: Set<string> = new Set(),
): Promise<{ state: string; result: StateWriteResult | null }> {
  seen.add(flowRunId);
  const run = await requireFlowRun(store, tenantId, flowRunId);
  if (FINISHED_STATES.includes(run.state as never)) return { state: run.state, result: null };
  for (const child of await unfinishedChildRuns(store, tenantId, flowRunId)) {
    if (!seen.has(child)) await cancelFlowRun(store, tenantId, child, seen);
  }
  if (run.state === 'Cancelling') return { state: run.state, result: null };
  const next =
    run.state === 'Running'
      ? serverState('Cancelling', 'Flow run is cancelling.')
      : serverState('Cancelled', 'Flow run was cancelled.');
  const result = await writeFlowRunState(store, tenantId, { flowRunId, version: run.version, state: next });
  return { state: next.type, result };
}

/** The unfinished flow runs started by task runs of `flowRunId` (`runFlow` children). */
async function unfinishedChildRuns(store: Store, tenantId: string, flowRunId: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('flow_run')
    .select('flow_run.id')
    .innerJoin('task_run', 'task_run.id', 'flow_run.parent_task_run_id')
    .where('task_run.flow_run_id', '=', flowRunId)
    .where('flow_run.tenant_id', '=', tenantId)
    .where('flow_run.state', 'not in', [...FINISHED_STATES])
    .execute();
  return rows.map((row) => row.id);
}

/** Deletes a flow run with its task runs, states and logs. */
export async function deleteFlowRun(store: Store, tenantId: string, flowRunId: string): Promise<boolean> {
  checkId(flowRunId, 'flowRunId');
  const result = await store.db
    .deleteFrom('flow_run')
    .where('id', '=', flowRunId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The task run of (flow run, task, map index), created Pending when missing. In a transaction. */
export async function getOrCreateTaskRun(
  store: Store,
  tenantId: string,
  input: { flowRunId: string; taskId: string; mapIndex?: number | null },
): Promise<TaskRunModel> {
  const run = await requireFlowRun(store, tenantId, input.flowRunId);
  checkId(input.taskId, 'taskId');
  const mapIndex = input.mapIndex ?? -1;
  if (!Number.isInteger(mapIndex) || mapIndex < -1) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Invalid mapIndex ${mapIndex}: use -1 (not mapped) or 0 and up.`,
    });
  }
  const task = await store.db
    .selectFrom('task')
    .select(['id', 'slug'])
    .where('id', '=', input.taskId)
    .where('flow_id', '=', run.flow_id)
    .executeTakeFirst();
  if (!task) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Invalid task ID: task ${input.taskId} does not belong to the flow of flow run ${run.id}.`,
    });
  }
  const now = nowIso();
  const pending = serverState('Pending', 'Task run created');
  const id = randomUUID();
  const inserted = await store.db
    .insertInto('task_run')
    .values({
      id,
      tenant_id: tenantId,
      flow_run_id: run.id,
      task_id: task.id,
      task_slug: task.slug,
      map_index: mapIndex,
      name: null,
      run_count: 0,
      version: 1,
      state: pending.type,
      state_message: pending.message,
      state_timestamp: now,
      state_start_time: null,
      serialized_state: toJson(pending.serialized),
      heartbeat: null,
      start_time: null,
      end_time: null,
      created: now,
      updated: now,
    })
    .onConflict((oc) => oc.columns(['flow_run_id', 'task_id', 'map_index']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) {
    await store.db
      .insertInto('task_run_state')
      .values({
        id: randomUUID(),
        tenant_id: tenantId,
        task_run_id: id,
        version: 1,
        state: pending.type,
        message: pending.message,
        start_time: null,
        timestamp: now,
        serialized_state: toJson(pending.serialized),
      })
      .execute();
  }
  const row = await store.db
    .selectFrom('task_run')
    .selectAll()
    .where('flow_run_id', '=', run.id)
    .where('task_id', '=', task.id)
    .where('map_index', '=', mapIndex)
    .executeTakeFirstOrThrow();
  return toTaskRun(row);
}

/** Records a flow run's heartbeat. */
export async function updateFlowRunHeartbeat(
  store: Store,
  tenantId: string,
  flowRunId: string,
): Promise<void> {
  checkId(flowRunId, 'flowRunId');
  const result = await store.db
    .updateTable('flow_run')
    .set({ heartbeat: nowIso() })
    .where('id', '=', flowRunId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new ApiError({ code: 'NOT_FOUND', message: `Flow run ${flowRunId} was not found in this tenant.` });
  }
}

/** Records a task run's heartbeat. */
export async function updateTaskRunHeartbeat(
  store: Store,
  tenantId: string,
  taskRunId: string,
): Promise<void> {
  checkId(taskRunId, 'taskRunId');
  const result = await store.db
    .updateTable('task_run')
    .set({ heartbeat: nowIso() })
    .where('id', '=', taskRunId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new ApiError({ code: 'NOT_FOUND', message: `Task run ${taskRunId} was not found in this tenant.` });
  }
}

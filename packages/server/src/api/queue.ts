import { SCHEDULED_LIKE_STATES } from '@headwater/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { DatabaseKind } from '../database/connect.js';
import { nowIso, toJson } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import type { ApiLimits } from './limits.js';
import type { Store } from './store.js';
import { checkId, isoInput, normalizeLabels, normalizeStorageTypes } from './validation.js';

/** Default number of run ids `getRunsInQueue` returns. */
export const DEFAULT_QUEUE_LIMIT = 25;

/**
 * The label rule as SQL on `flow_run.labels` (a sorted JSON array): the run's labels must be a
 * subset of the agent's; an agent with labels gets no unlabeled run; an agent without labels
 * gets only unlabeled runs.
 */
export function labelsSubsetOf(
  kind: DatabaseKind,
  column: string,
  agentLabels: string[],
): Expression<SqlBool> {
  const ref = sql.ref(column);
  if (agentLabels.length === 0) {
    return kind === 'postgres' ? sql<SqlBool>`${ref} = '[]'::jsonb` : sql<SqlBool>`${ref} = '[]'`;
  }
  const labels = toJson(agentLabels);
  return kind === 'postgres'
    ? sql<SqlBool>`(${ref} <> '[]'::jsonb and ${ref} <@ ${labels}::jsonb)`
    : sql<SqlBool>`(${ref} <> '[]' and not exists (select 1 from json_each(${ref}) as run_label where run_label.value not in (select value from json_each(${labels}))))`;
}

/**
 * {@link labelsSubsetOf} on values: whether an agent with `agentLabels` takes a run with
 * `runLabels` (both sorted or not; compared as sets).
 */
export function labelsFit(runLabels: readonly string[], agentLabels: readonly string[]): boolean {
  if (agentLabels.length === 0) return runLabels.length === 0;
  return runLabels.length > 0 && runLabels.every((label) => agentLabels.includes(label));
}

/**
 * The storage rule as SQL on `flow_run.flow_id`: the run's flow has one of `storageTypes` (a
 * flow without storage has none, so it never matches). The list is one parameter (an array, or
 * JSON on SQLite), so the statement's text, and its prepared plan, is the same for every list.
 */
function flowStorageIn(store: Store, tenantId: string, storageTypes: readonly string[]): Expression<SqlBool> {
  const typeIn =
    store.kind === 'postgres'
      ? sql`= any(${[...storageTypes]}::text[])`
      : sql`in (select value from json_each(${toJson(storageTypes)}))`;
  return sql<SqlBool>`flow_run.flow_id in (select flow.id from flow where flow.tenant_id = ${tenantId} and flow.storage_type ${typeIn})`;
}

/**
 * Whether an agent declaring `agentStorageTypes` runs a flow whose storage type is
 * `flowStorageType`: an agent that declares none (null) runs any; otherwise the type must be in
 * its list, and a flow without storage is in no list.
 */
export function storageFits(
  flowStorageType: string | null,
  agentStorageTypes: readonly string[] | null,
): boolean {
  if (agentStorageTypes === null) return true;
  return flowStorageType !== null && agentStorageTypes.includes(flowStorageType);
}

/**
 * Ids of flow runs due for an agent with `labels` (and, when given, `storageTypes`), oldest
 * due first: Scheduled-like flow runs due by `before`, and Running flow runs with a
 * Scheduled-like task run due by `before`.
 */
export async function getRunsInQueue(
  store: Store,
  tenantId: string,
  input: {
    before?: string | null;
    labels?: readonly string[] | null;
    storageTypes?: readonly string[] | null;
    agentId?: string | null;
    limit?: number | null;
  },
  limits: ApiLimits,
): Promise<string[]> {
  const before = isoInput(input.before, 'before') ?? nowIso();
  const labels = normalizeLabels(input.labels, limits);
  const storageTypes = normalizeStorageTypes(input.storageTypes);
  const limit = input.limit ?? DEFAULT_QUEUE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.pageSize) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      limit: 'pageSize',
      message: `limit must be between 1 and ${limits.pageSize}.`,
    });
  }
  if (input.agentId != null) checkId(input.agentId, 'agentId');
  // An agent that runs no storage type takes nothing; it still counts as having polled.
  const runs =
    storageTypes?.length === 0 ? [] : await dueRuns(store, tenantId, before, labels, storageTypes, limit);
  if (input.agentId != null) {
    await store.db
      .updateTable('agent')
      .set({ last_queried: nowIso() })
      .where('id', '=', input.agentId)
      .where('tenant_id', '=', tenantId)
      .execute();
  }
  return runs;
}

/** What a queue read or a claim filters flow runs by: the agent's labels and storage types. */
export interface QueueFilter {
  /** Due by this time (ISO). */
  before: string;
  labels: readonly string[];
  /** Null: any storage type (and flows without storage). */
  storageTypes: readonly string[] | null;
  /** Flow runs left out (those the claiming agent already runs). */
  excludeFlowRunIds?: readonly string[];
}

/**
 * Conditions on `flow_run` an agent's due runs meet, ANDed by every reader of the queue
 * (`getRunsInQueue`, `claimFlowRuns`): the tenant, a Scheduled-like state due by `before`, and
 * the agent's labels and storage types. A further rule of who may be handed a run (a limit on
 * runs at once, say) is one more condition here; a condition counting runs already handed out
 * must also count the rows of its own claim, which a claim writes in one statement.
 */
export function claimableRunConditions(
  store: Store,
  tenantId: string,
  filter: QueueFilter,
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [
    sql<SqlBool>`flow_run.tenant_id = ${tenantId}`,
    // As literals, like the condition of the flow_run_waiting index, so both planners use it.
    sql<SqlBool>`flow_run.state in (${sql.join(waitingStates().map((state) => sql.lit(state)))})`,
    sql<SqlBool>`flow_run.state_start_time <= ${filter.before}`,
    labelsSubsetOf(store.kind, 'flow_run.labels', [...filter.labels]),
  ];
  if (filter.storageTypes !== null) conditions.push(flowStorageIn(store, tenantId, filter.storageTypes));
  if (filter.excludeFlowRunIds?.length) conditions.push(notAmong(filter.excludeFlowRunIds));
  return conditions;
}

/**
 * Conditions on `flow_run` a Running flow run meets when an agent should start it again: some
 * of its task runs are Scheduled-like and due by `before` (a retry after its process ended),
 * and it fits the agent's labels and storage types.
 */
export function resubmittableRunConditions(
  store: Store,
  tenantId: string,
  filter: QueueFilter,
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [
    sql<SqlBool>`flow_run.tenant_id = ${tenantId}`,
    sql<SqlBool>`flow_run.state = 'Running'`,
    sql<SqlBool>`exists (select 1 from task_run where task_run.flow_run_id = flow_run.id and ${dueTaskRun(filter.before)})`,
    labelsSubsetOf(store.kind, 'flow_run.labels', [...filter.labels]),
  ];
  if (filter.storageTypes !== null) conditions.push(flowStorageIn(store, tenantId, filter.storageTypes));
  if (filter.excludeFlowRunIds?.length) conditions.push(notAmong(filter.excludeFlowRunIds));
  return conditions;
}

/** `flow_run.id` is none of `flowRunIds` (which must not be empty). */
export function notAmong(flowRunIds: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`flow_run.id not in (${sql.join(flowRunIds.map((id) => sql`${id}`))})`;
}

/** A task run waiting to run again whose start time has come by `before`. */
export function dueTaskRun(before: string): Expression<SqlBool> {
  return sql<SqlBool>`task_run.state in (${sql.join(waitingStates().map((state) => sql.lit(state)))}) and task_run.state_start_time <= ${before}`;
}

function waitingStates(): string[] {
  return SCHEDULED_LIKE_STATES as string[];
}

async function dueRuns(
  store: Store,
  tenantId: string,
  before: string,
  labels: string[],
  storageTypes: string[] | null,
  limit: number,
): Promise<string[]> {
  const scheduledLike = waitingStates();
  const filter = { before, labels, storageTypes };
  const due = await store.db
    .selectFrom('flow_run')
    .select(['id', 'state_start_time as due'])
    .where((eb) => eb.and(claimableRunConditions(store, tenantId, filter)))
    .orderBy('state_start_time')
    .orderBy('id')
    .limit(limit)
    .execute();
  const retrying = await store.db
    .selectFrom('flow_run')
    .innerJoin('task_run', 'task_run.flow_run_id', 'flow_run.id')
    .select(['flow_run.id as id', (eb) => eb.fn.min('task_run.state_start_time').as('due')])
    .where('flow_run.tenant_id', '=', tenantId)
    .where('flow_run.state', '=', 'Running')
    .where('task_run.state', 'in', scheduledLike)
    .where('task_run.state_start_time', '<=', before)
    .where(labelsSubsetOf(store.kind, 'flow_run.labels', labels))
    .$if(storageTypes !== null, (q) => q.where(flowStorageIn(store, tenantId, storageTypes!)))
    .groupBy('flow_run.id')
    .orderBy('due')
    .limit(limit)
    .execute();
  return [...due, ...retrying]
    .sort((a, b) => String(a.due).localeCompare(String(b.due)) || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((run) => run.id);
}

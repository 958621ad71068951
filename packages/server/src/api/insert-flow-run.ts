import { randomUUID } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { FlowRunTable } from '../database/tables.js';
import { nowIso, toJson } from '../database/values.js';
import type { FlowWithGroup } from './flow-with-group.js';
import { runNameCandidates } from './run-names.js';
import { type ParsedState, serverState } from './states.js';
import type { Store } from './store.js';

/** What the server needs to insert a run of a flow. */
export interface NewFlowRun {
  parameters: Record<string, unknown>;
  context: Record<string, unknown>;
  labels: string[];
  scheduledStartTime: string;
  idempotencyKey: string | null;
  /** The run's name; null: a random one no other run of the tenant has (see run-names.ts). */
  name: string | null;
  autoScheduled: boolean;
}

/** Tries at inserting a run with a random name before giving up (the last draws 8 digits). */
export const MAX_NAME_ATTEMPTS = 8;

/** How {@link insertFlowRun} inserts. */
export interface InsertOptions {
  /**
   * Inserts only while the flow still reads as this (its archived flag, parameters, labels and
   * its group's overrides): the run was made from a flow read earlier.
   */
  asRead?: FlowWithGroup;
  /** The how-many-th try this is: random names get longer with each (see run-names.ts). */
  attempt?: number;
}

/** The columns the new-run statements fill, in the order their values are given. */
const FLOW_RUN_COLUMNS = sql.raw(
  'id, tenant_id, flow_id, name, parameters, context, labels, scheduled_start_time, auto_scheduled, idempotency_key, times_resurrected, agent_id, version, state, state_message, state_timestamp, state_start_time, serialized_state, heartbeat, start_time, end_time, created, updated',
);
const FLOW_RUN_STATE_COLUMNS = sql.raw(
  'id, tenant_id, flow_run_id, version, state, message, start_time, timestamp, serialized_state',
);
const TASK_RUN_COLUMNS = sql.raw(
  'id, tenant_id, flow_run_id, task_id, task_slug, map_index, run_count, version, state, state_message, state_timestamp, serialized_state, created, updated',
);
const TASK_RUN_STATE_COLUMNS = sql.raw(
  'id, tenant_id, task_run_id, version, state, message, timestamp, serialized_state',
);

const TASK_RUN_CREATED = serverState('Pending', 'Task run created');

/** The parts of a new-run statement that differ from one insert to the next. */
interface Insert {
  row: FlowRunTable;
  initial: ParsedState;
  /** The names the run may take, first free one first (`name` of `row` is not used). */
  names: readonly string[];
  /** Whether a name is taken only when it is free (generated names) or as given. */
  unique: boolean;
  asRead: FlowWithGroup | undefined;
}

/**
 * Inserts a flow run (state Scheduled, version 1) and one Pending task run per task, taking
 * the flow from the database in the same statement. With an idempotency key already used on
 * this flow, returns the existing run and changes nothing (the database's unique index
 * decides, so concurrent calls agree). Undefined when nothing was inserted for another reason:
 * the flow no longer reads as `options.asRead`, or is gone, or every random name tried was
 * taken; the caller reads the flow again and tries once more. In a transaction on SQLite.
 */
export async function insertFlowRun(
  store: Store,
  tenantId: string,
  flowId: string,
  run: NewFlowRun,
  options: InsertOptions = {},
): Promise<{ row: FlowRunTable; created: boolean } | undefined> {
  const now = nowIso();
  const initial: ParsedState = serverState('Scheduled', 'Flow run scheduled.', run.scheduledStartTime);
  const row: FlowRunTable = {
    id: randomUUID(),
    tenant_id: tenantId,
    flow_id: flowId,
    name: run.name ?? '',
    parameters: toJson(run.parameters),
    context: toJson(run.context),
    labels: toJson(run.labels),
    scheduled_start_time: run.scheduledStartTime,
    auto_scheduled: run.autoScheduled ? 1 : 0,
    idempotency_key: run.idempotencyKey,
    times_resurrected: 0,
    agent_id: null,
    version: 1,
    state: initial.type,
    state_message: initial.message,
    state_timestamp: now,
    state_start_time: initial.startTime,
    serialized_state: toJson(initial.serialized),
    heartbeat: null,
    start_time: null,
    end_time: null,
    created: now,
    updated: now,
  };
  const insert: Insert = {
    row,
    initial,
    names: run.name === null ? runNameCandidates(options.attempt ?? 0) : [run.name],
    unique: run.name === null,
    asRead: options.asRead,
  };
  const name =
    store.kind === 'postgres'
      ? await insertInOneStatement(store, insert)
      : await insertStepByStep(store, insert);
  if (name !== undefined) return { row: { ...row, name }, created: true };
  if (run.idempotencyKey === null) return undefined;
  const existing = await store.db
    .selectFrom('flow_run')
    .selectAll()
    .where('flow_id', '=', flowId)
    .where('idempotency_key', '=', run.idempotencyKey)
    .executeTakeFirst();
  return existing && { row: existing, created: false };
}

/**
 * The flow the run is of, as one row (`f` with its group `g`) the insert selects from: none
 * when it is gone, or no longer reads as the flow the run was made from.
 */
function flowSource(store: Store, insert: Insert): RawBuilder<unknown> {
  const { row, asRead } = insert;
  const same = (column: string, value: string | null) =>
    store.kind === 'postgres'
      ? sql`${sql.raw(column)} is not distinct from ${value}::jsonb`
      : sql`${sql.raw(column)} is ${value}`;
  const unchanged = asRead
    ? sql`and f.archived = 0 and ${same('f.parameters', asRead.parameters)} and ${same('f.labels', asRead.labels)}
        and ${same('g.default_parameters', asRead.group_default_parameters)} and ${same('g.labels', asRead.group_labels)}`
    : sql``;
  return sql`(select f.id from flow f join flow_group g on g.id = f.flow_group_id
    where f.id = ${row.flow_id} and f.tenant_id = ${row.tenant_id} ${unchanged})`;
}

/** The run's name as one row: the first of the names no run of the tenant has, or the given one. */
function namePick(store: Store, insert: Insert): RawBuilder<unknown> {
  const { names, unique, row } = insert;
  if (!unique) return sql`(select cast(${names[0]} as text) as name)`;
  const free = (name: RawBuilder<unknown>) =>
    sql`not exists (select 1 from flow_run r where r.tenant_id = ${row.tenant_id} and r.name = ${name})`;
  return store.kind === 'postgres'
    ? sql`(select c.name from unnest(${names}::text[]) with ordinality as c(name, n)
        where ${free(sql.ref('c.name'))} order by c.n limit 1)`
    : sql`(select c.value as name from json_each(${JSON.stringify(names)}) as c
        where ${free(sql.ref('c.value'))} order by c.key limit 1)`;
}

/**
 * PostgreSQL: the run, its first state, its task runs and their first states in one statement
 * (data-modifying CTEs), with the flow and the run's name picked inside it: atomic without a
 * transaction, and one round trip. The name inserted, or undefined when nothing was.
 *
 * Written as SQL rather than with the query builder: this is the hottest write of the API, and
 * building and compiling the statement with Kysely cost more than running it.
 */
async function insertInOneStatement(store: Store, insert: Insert): Promise<string | undefined> {
  const { row, initial } = insert;
  const pending = TASK_RUN_CREATED;
  const pendingJson = toJson(pending.serialized);
  const now = sql`${row.created}::timestamptz`;
  const result = await sql<{ name: string }>`
    with run as (
      insert into flow_run (${FLOW_RUN_COLUMNS})
      select ${row.id}, ${row.tenant_id}, source.id, pick.name, ${row.parameters}::jsonb,
        ${row.context}::jsonb, ${row.labels}::jsonb, ${row.scheduled_start_time}::timestamptz,
        ${row.auto_scheduled}, ${row.idempotency_key}, 0, null, 1, ${row.state},
        ${row.state_message}, ${now}, ${row.state_start_time}::timestamptz,
        ${row.serialized_state}::jsonb, null, null, null, ${now}, ${now}
      from ${flowSource(store, insert)} as source cross join ${namePick(store, insert)} as pick
      on conflict (flow_id, idempotency_key) do nothing
      returning id, name
    ), run_state as (
      insert into flow_run_state (${FLOW_RUN_STATE_COLUMNS})
      select ${randomUUID()}, ${row.tenant_id}, run.id, 1, ${initial.type}, ${initial.message},
        ${initial.startTime}::timestamptz, ${now}, ${row.serialized_state}::jsonb
      from run
    ), task_runs as (
      insert into task_run (${TASK_RUN_COLUMNS})
      select gen_random_uuid()::text, ${row.tenant_id}, run.id, task.id, task.slug, -1, 0, 1,
        ${pending.type}, ${pending.message}, ${now}, ${pendingJson}::jsonb, ${now}, ${now}
      from run join task on task.flow_id = ${row.flow_id}
      returning id
    ), task_run_states as (
      insert into task_run_state (${TASK_RUN_STATE_COLUMNS})
      select gen_random_uuid()::text, ${row.tenant_id}, task_runs.id, 1, ${pending.type},
        ${pending.message}, ${now}, ${pendingJson}::jsonb
      from task_runs
    )
    select name from run`.execute(store.db);
  return result.rows[0]?.name;
}

/**
 * SQLite (in the caller's transaction): the same rows in four statements, the flow and the
 * name picked by the first; the task runs and their states are copied from the flow's tasks
 * inside the database (`gen_random_uuid` is a function `connectDatabase` gives SQLite).
 */
async function insertStepByStep(store: Store, insert: Insert): Promise<string | undefined> {
  const { row, initial } = insert;
  const pending = TASK_RUN_CREATED;
  const pendingJson = toJson(pending.serialized);
  const now = row.created;
  const inserted = await sql<{ name: string }>`
    insert into flow_run (${FLOW_RUN_COLUMNS})
    select ${row.id}, ${row.tenant_id}, source.id, pick.name, ${row.parameters}, ${row.context},
      ${row.labels}, ${row.scheduled_start_time}, ${row.auto_scheduled}, ${row.idempotency_key},
      0, null, 1, ${row.state}, ${row.state_message}, ${now}, ${row.state_start_time},
      ${row.serialized_state}, null, null, null, ${now}, ${now}
    from ${flowSource(store, insert)} as source cross join ${namePick(store, insert)} as pick
    where true
    on conflict (flow_id, idempotency_key) do nothing
    returning name`.execute(store.db);
  const name = inserted.rows[0]?.name;
  if (name === undefined) return undefined;
  await sql`
    insert into flow_run_state (${FLOW_RUN_STATE_COLUMNS}) values (
      ${randomUUID()}, ${row.tenant_id}, ${row.id}, 1, ${initial.type}, ${initial.message},
      ${initial.startTime}, ${now}, ${row.serialized_state}
    )`.execute(store.db);
  await sql`
    insert into task_run (${TASK_RUN_COLUMNS})
    select gen_random_uuid(), ${row.tenant_id}, ${row.id}, id, slug, -1, 0, 1, ${pending.type},
      ${pending.message}, ${now}, ${pendingJson}, ${now}, ${now}
    from task where flow_id = ${row.flow_id}`.execute(store.db);
  await sql`
    insert into task_run_state (${TASK_RUN_STATE_COLUMNS})
    select gen_random_uuid(), ${row.tenant_id}, id, 1, ${pending.type}, ${pending.message},
      ${now}, ${pendingJson}
    from task_run where flow_run_id = ${row.id}`.execute(store.db);
  return name;
}

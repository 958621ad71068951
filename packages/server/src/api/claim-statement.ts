import { VERSION } from '@headwater/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { FlowRunTable, FlowTable, TaskRunTable } from '../database/tables.js';
import { postgresTimestampToIso } from '../database/values.js';
import { flowHasConcurrencyLimit } from './concurrency-limits.js';
import {
  type FlowModel,
  type FlowRunModel,
  type TaskRunModel,
  toFlowFromJson,
  toFlowRun,
  toTaskRunFromJson,
} from './models.js';
import type { Store } from './store.js';

/** What {@link claimInOneStatement} is to do. */
export interface StatementClaimInput {
  tenantId: string;
  agentId: string;
  tokenId: string | null;
  /** The message of the runs' Submitted states. */
  message: string;
  /**
   * Flows the agent has a loaded run process waiting for, once per process: that many of the
   * Scheduled runs it takes of each (flows without a concurrency limit) are written Submitted
   * and then Running, for the loaded process to adopt (see {@link stateWrites}).
   */
  loadedFlowIds: readonly string[];
  /** The message of the Running states it writes. */
  runningMessage: string;
  now: string;
  /** The runs it may take; it takes up to `limit` of them, oldest due first. */
  where: Expression<SqlBool>;
  limit: number;
  /** When this holds (runs are due to run again, and go first) it takes nothing. */
  unless: Expression<SqlBool>;
  /** When this does not hold (the agent's row changed since `where` was built) it takes nothing. */
  agentReadsAs: Expression<SqlBool>;
  /** The agent's `lastQueried`, when before this, becomes `now`. */
  seenBefore: string;
  /** Read when it takes fewer than `limit` runs: when the next run the agent could take is due. */
  nextDue: Expression<string | null>;
}

/** A run {@link claimInOneStatement} submitted, as written, with every task run it has. */
export interface StatementClaimedRun {
  flowRun: FlowRunModel;
  /** Ordered as `FlowRun.taskRuns` reads them: by task slug, map index and id. */
  taskRuns: TaskRunModel[];
}

/** What {@link claimInOneStatement} did. */
export interface StatementClaim {
  /** The runs it submitted, oldest due first. */
  claimed: StatementClaimedRun[];
  /** The flows of the runs it submitted, each once. */
  flows: FlowModel[];
  /** With fewer than `limit` runs taken: the `nextDue` it read. */
  nextDueAt: string | null;
  /** `unless` held: it submitted nothing, and the runs due to run again go first. */
  stopped: boolean;
  /** `agentReadsAs` did not hold: it submitted nothing, and the claim is to read the agent again. */
  stale: boolean;
}

/**
 * A claimed run, or (with an id of null) the one row saying that nothing was claimed. Its task
 * runs (arrays of {@link TASK_RUN_COLUMNS}) and, on the first run of each flow, its flow
 * (`row_to_json`) come as JSON, so the claim needs no reads of its own for them.
 */
type Row = Omit<FlowRunTable, 'id'> & {
  id: string | null;
  stopped: boolean;
  fresh: boolean;
  next_due: string | null;
  task_runs: string | null;
  flow: string | null;
};

/** The timestamp columns of the rows that come as JSON (see {@link storedTimestamp}). */
const FLOW_TIMESTAMPS = ['created', 'updated'] as const satisfies readonly (keyof FlowTable)[];
const TASK_RUN_TIMESTAMPS: ReadonlySet<string> = new Set([
  'state_timestamp',
  'state_start_time',
  'start_time',
  'end_time',
  'heartbeat',
  'created',
  'updated',
] satisfies (keyof TaskRunTable)[]);

/**
 * The columns of a claimed run's task runs, in the order of the JSON array each comes as: an
 * array without the keys is half the text of `row_to_json`, for PostgreSQL to write and the
 * server to read. The run's own id and tenant are the rest of the row.
 */
const TASK_RUN_COLUMNS = [
  'id',
  'task_id',
  'task_slug',
  'map_index',
  'name',
  'run_count',
  'version',
  'state',
  'state_message',
  'state_timestamp',
  'state_start_time',
  'serialized_state',
  'heartbeat',
  'start_time',
  'end_time',
  'created',
  'updated',
  'cache_key',
  'cached_from_task_run_id',
] as const satisfies readonly (keyof TaskRunTable)[];

/** The statement's list of {@link TASK_RUN_COLUMNS}: fixed text, so written once. */
const TASK_RUN_ARRAY = sql.raw(TASK_RUN_COLUMNS.map((column) => `task_run.${column}`).join(', '));

/** A timestamp read as JSON, in the stored ISO form (JSON has it with an offset). */
function storedTimestamp(value: unknown): unknown {
  return typeof value === 'string' ? postgresTimestampToIso(value, (text) => new Date(text)) : value;
}

/** A task run of the run `flowRun` from its {@link TASK_RUN_COLUMNS} array. */
function taskRunFromArray(values: unknown[], flowRun: { id: string; tenant_id: string }): TaskRunModel {
  const row: Record<string, unknown> = { tenant_id: flowRun.tenant_id, flow_run_id: flowRun.id };
  for (let i = 0; i < TASK_RUN_COLUMNS.length; i++) {
    const column = TASK_RUN_COLUMNS[i]!;
    row[column] = TASK_RUN_TIMESTAMPS.has(column) ? storedTimestamp(values[i]) : values[i];
  }
  return toTaskRunFromJson(row as unknown as TaskRunTable);
}

/** A flow read with `row_to_json`, its timestamps in the stored form. */
function flowFromJson(text: string): FlowModel {
  const row = JSON.parse(text) as Record<string, unknown>;
  for (const column of FLOW_TIMESTAMPS) row[column] = storedTimestamp(row[column]);
  return toFlowFromJson(row as unknown as FlowTable);
}

/**
 * The picked runs, each with the states the claim writes it: `submitted` (a Submitted state)
 * and `running` (a Running state, after it when both). A run a lost claim wrote Running is
 * written Running again (a new version, which fences anything started from the lost answer).
 * Of each flow in `loadedFlowIds`, as many of its picked Scheduled runs as the list names it
 * (oldest due first) are written both, when no concurrency limit applies to the flow (a
 * limited flow's runs take their slot as their process writes Running).
 */
function stateWrites(input: StatementClaimInput) {
  if (input.loadedFlowIds.length === 0)
    return sql`select picked.id, picked.was <> 'Running' as submitted, picked.was = 'Running' as running from picked`;
  return sql`
    select picked.id, picked.was <> 'Running' as submitted, picked.was = 'Running' or (picked.was = 'Scheduled'
      and row_number() over (partition by picked.flow_id, picked.was = 'Scheduled' order by picked.due, picked.id)
        <= (select count(*) from unnest(${[...input.loadedFlowIds]}::text[]) as loaded(flow_id) where loaded.flow_id = picked.flow_id)
      and not ${flowHasConcurrencyLimit(sql.ref('picked.flow_id'))}) as running
    from picked`;
}

/** A state as run processes serialize it, with no result: `type` and `message` are SQL text. */
function serializedState(type: string, message: string, wrapped?: Expression<unknown>) {
  return sql`jsonb_build_object(
    'type', ${type}::text, 'message', ${message}::text, 'context', null,
    '_result', jsonb_build_object('type', 'NoResultType', '__version__', ${VERSION}::text),
    '__version__', ${VERSION}::text${wrapped ? sql`, 'state', ${wrapped}` : sql``})`;
}

/**
 * PostgreSQL: picks the runs (skipping rows another claim holds), writes their Submitted
 * states (and, for runs a loaded process waits for, Running after it; see {@link stateWrites}),
 * appends them to their histories, records that the agent asked, and hands back the
 * runs as written with their task runs and flows (and, when it took fewer than `limit`, when
 * the next run is due), all in one statement, so a claim is one round trip. The checks that
 * stop it (`unless`, `agentReadsAs`) are part of the statement too.
 */
export async function claimInOneStatement(store: Store, input: StatementClaimInput): Promise<StatementClaim> {
  const { message, now, runningMessage } = input;
  const result = await sql<Row>`
    with guard as (select ${input.agentReadsAs} as fresh, ${input.unless} as stopped),
    seen as (
      update agent set last_queried = ${now}
      where agent.id = ${input.agentId} and agent.tenant_id = ${input.tenantId}
        and (agent.last_queried is null or agent.last_queried < ${input.seenBefore})
    ), picked as (
      select flow_run.id, flow_run.flow_id, flow_run.state as was, flow_run.state_start_time as due,
        ${serializedState('Submitted', message, sql`flow_run.serialized_state`)} as submitted_state
      from flow_run
      where ${input.where} and (select fresh and not stopped from guard)
      order by flow_run.state_start_time, flow_run.id limit ${input.limit}
      for update of flow_run skip locked
    ), writes as (${stateWrites(input)}), claimed as (
      update flow_run set
        version = flow_run.version + writes.submitted::int + writes.running::int,
        state = case when writes.running then 'Running' else 'Submitted' end,
        state_message = case when writes.running then ${runningMessage} else ${message} end,
        state_timestamp = ${now},
        state_start_time = null,
        serialized_state = case when writes.running then ${serializedState('Running', runningMessage)}
          else picked.submitted_state end,
        start_time = case when writes.running then coalesce(flow_run.start_time, ${now}) else flow_run.start_time end,
        heartbeat = ${now},
        agent_id = ${input.agentId},
        submitted_by_token_id = ${input.tokenId},
        updated = ${now}
      from picked join writes on writes.id = picked.id where flow_run.id = picked.id
      returning flow_run.*, picked.due, picked.submitted_state, writes.submitted as wrote_submitted, writes.running as wrote_running
    ), history as (
      insert into flow_run_state (id, tenant_id, flow_run_id, version, state, message, start_time, timestamp, serialized_state)
      select gen_random_uuid()::text, tenant_id, id, version - wrote_running::int, 'Submitted',
        ${message}::text, null::timestamptz, ${now}::timestamptz, submitted_state
      from claimed where wrote_submitted
      union all
      select gen_random_uuid()::text, tenant_id, id, version, 'Running', ${runningMessage}::text, null::timestamptz,
        ${now}::timestamptz, serialized_state
      from claimed where wrote_running
    ), taken as (select count(*) as n from claimed)
    select guard.fresh, guard.stopped, claimed.*,
      case when (select n from taken) < ${input.limit} then (${input.nextDue}) end as next_due,
      (select json_agg(json_build_array(${TASK_RUN_ARRAY}) order by task_run.task_slug, task_run.map_index, task_run.id)
        from task_run where task_run.flow_run_id = claimed.id and task_run.tenant_id = claimed.tenant_id) as task_runs,
      case when row_number() over (partition by claimed.flow_id order by claimed.due, claimed.id) = 1 then
        (select row_to_json(flow) from flow where flow.id = claimed.flow_id and flow.tenant_id = claimed.tenant_id)
      end as flow
    from guard left join claimed on true
    order by claimed.due, claimed.id`.execute(store.db);
  const [first] = result.rows;
  const claimed: StatementClaimedRun[] = [];
  const flows: FlowModel[] = [];
  for (const row of result.rows) {
    if (row.id === null) continue;
    // The row is the run's columns and a few more, which the model does not read.
    const flowRun = row as FlowRunTable & Row;
    const taskRuns = row.task_runs === null ? [] : (JSON.parse(row.task_runs) as unknown[][]);
    claimed.push({
      flowRun: toFlowRun(flowRun),
      taskRuns: taskRuns.map((values) => taskRunFromArray(values, flowRun)),
    });
    if (row.flow !== null) flows.push(flowFromJson(row.flow));
  }
  return {
    stopped: first?.stopped ?? false,
    stale: first?.fresh === false,
    claimed,
    flows,
    nextDueAt: first?.next_due ?? null,
  };
}

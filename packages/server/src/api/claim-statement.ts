import { VERSION } from '@headwater/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { FlowRunTable, FlowTable, TaskRunTable } from '../database/tables.js';
import { postgresTimestampToIso } from '../database/values.js';
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
 * runs and (on the first run of each flow) its flow come as JSON (`row_to_json` of their rows),
 * so the claim needs no reads of its own for them.
 */
type Row = Omit<FlowRunTable, 'id'> & {
  id: string | null;
  stopped: boolean;
  fresh: boolean;
  next_due: string | null;
  task_runs: string | null;
  flow: string | null;
};

/** The timestamp columns of the rows that come as JSON (see {@link withStoredTimestamps}). */
const FLOW_TIMESTAMPS = ['created', 'updated'] as const satisfies readonly (keyof FlowTable)[];
const TASK_RUN_TIMESTAMPS = [
  'state_timestamp',
  'state_start_time',
  'start_time',
  'end_time',
  'heartbeat',
  'created',
  'updated',
] as const satisfies readonly (keyof TaskRunTable)[];

/** A row read with `row_to_json`, its timestamps in the stored ISO form (JSON has them with an offset). */
function withStoredTimestamps<T>(row: Record<string, unknown>, timestamps: readonly string[]): T {
  for (const column of timestamps) {
    const value = row[column];
    if (typeof value === 'string') row[column] = postgresTimestampToIso(value, (text) => new Date(text));
  }
  return row as T;
}

/**
 * PostgreSQL: picks the runs (skipping rows another claim holds), writes their Submitted
 * states, appends them to their histories, records that the agent asked, and hands back the
 * runs as written with their task runs and flows (and, when it took fewer than `limit`, when
 * the next run is due), all in one statement, so a claim is one round trip. The checks that
 * stop it (`unless`, `agentReadsAs`) are part of the statement too.
 */
export async function claimInOneStatement(store: Store, input: StatementClaimInput): Promise<StatementClaim> {
  const { message, now } = input;
  const result = await sql<Row>`
    with guard as (select ${input.agentReadsAs} as fresh, ${input.unless} as stopped),
    seen as (
      update agent set last_queried = ${now}
      where agent.id = ${input.agentId} and agent.tenant_id = ${input.tenantId}
        and (agent.last_queried is null or agent.last_queried < ${input.seenBefore})
    ), picked as (
      select flow_run.id, flow_run.state_start_time as due from flow_run
      where ${input.where} and (select fresh and not stopped from guard)
      order by flow_run.state_start_time, flow_run.id limit ${input.limit}
      for update of flow_run skip locked
    ), claimed as (
      update flow_run set
        version = flow_run.version + 1,
        state = 'Submitted',
        state_message = ${message},
        state_timestamp = ${now},
        state_start_time = null,
        serialized_state = jsonb_build_object(
          'type', 'Submitted', 'message', ${message}::text, 'context', null,
          '_result', jsonb_build_object('type', 'NoResultType', '__version__', ${VERSION}::text),
          '__version__', ${VERSION}::text, 'state', flow_run.serialized_state),
        heartbeat = ${now},
        agent_id = ${input.agentId},
        submitted_by_token_id = ${input.tokenId},
        updated = ${now}
      from picked where flow_run.id = picked.id
      returning flow_run.*, picked.due
    ), history as (
      insert into flow_run_state (id, tenant_id, flow_run_id, version, state, message, start_time, timestamp, serialized_state)
      select gen_random_uuid()::text, tenant_id, id, version, 'Submitted', ${message}::text, null::timestamptz, ${now}::timestamptz, serialized_state
      from claimed
    ), taken as (select count(*) as n from claimed)
    select guard.fresh, guard.stopped, claimed.*,
      case when (select n from taken) < ${input.limit} then (${input.nextDue}) end as next_due,
      (select json_agg(task_run order by task_run.task_slug, task_run.map_index, task_run.id)
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
    const { task_runs, flow, next_due: _nextDue, stopped: _stopped, fresh: _fresh, ...flowRun } = row;
    const taskRuns = task_runs === null ? [] : (JSON.parse(task_runs) as Record<string, unknown>[]);
    claimed.push({
      flowRun: toFlowRun({ ...flowRun, id: row.id }),
      taskRuns: taskRuns.map((taskRun) =>
        toTaskRunFromJson(withStoredTimestamps<TaskRunTable>(taskRun, TASK_RUN_TIMESTAMPS)),
      ),
    });
    if (flow !== null)
      flows.push(toFlowFromJson(withStoredTimestamps<FlowTable>(JSON.parse(flow), FLOW_TIMESTAMPS)));
  }
  return {
    stopped: first?.stopped ?? false,
    stale: first?.fresh === false,
    claimed,
    flows,
    nextDueAt: first?.next_due ?? null,
  };
}

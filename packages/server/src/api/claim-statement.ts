import { VERSION } from '@headwater/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { FlowRunTable } from '../database/tables.js';
import { type FlowRunModel, toFlowRun } from './models.js';
import type { Store } from './store.js';

/** What {@link claimInOneStatement} did. */
export interface StatementClaim {
  /** The runs it submitted, as written, oldest due first. */
  flowRuns: FlowRunModel[];
  /** `unless` held: it submitted nothing, and the runs due to run again go first. */
  stopped: boolean;
}

/** Who claims, and how their runs' Submitted states read. */
export interface StatementClaimer {
  agentId: string;
  tokenId: string | null;
  message: string;
  now: string;
}

/** A claimed run, or (with an id of null) the one row saying that nothing was claimed. */
type Row = Omit<FlowRunTable, 'id'> & { id: string | null; stopped: boolean };

/**
 * PostgreSQL: picks up to `limit` due flow runs meeting `where` (skipping rows another claim
 * holds), writes their Submitted states, appends them to their histories and hands back the
 * rows as written, all in one statement, so a claim is one round trip. When `unless` holds
 * (there are runs to submit again, which come first) it picks nothing and says so, in the same
 * statement.
 */
export async function claimInOneStatement(
  store: Store,
  claimer: StatementClaimer,
  where: Expression<SqlBool>,
  unless: Expression<SqlBool>,
  limit: number,
): Promise<StatementClaim> {
  const { message, now } = claimer;
  const result = await sql<Row>`
    with guard as (select ${unless} as stopped),
    picked as (
      select flow_run.id, flow_run.state_start_time as due from flow_run
      where ${where} and not (select stopped from guard)
      order by flow_run.state_start_time, flow_run.id limit ${limit}
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
        agent_id = ${claimer.agentId},
        submitted_by_token_id = ${claimer.tokenId},
        updated = ${now}
      from picked where flow_run.id = picked.id
      returning flow_run.*, picked.due
    ), history as (
      insert into flow_run_state (id, tenant_id, flow_run_id, version, state, message, start_time, timestamp, serialized_state)
      select gen_random_uuid()::text, tenant_id, id, version, 'Submitted', ${message}::text, null::timestamptz, ${now}::timestamptz, serialized_state
      from claimed
    )
    select guard.stopped, claimed.* from guard left join claimed on true
    order by claimed.due, claimed.id`.execute(store.db);
  const rows = result.rows;
  return {
    stopped: rows[0]?.stopped ?? false,
    flowRuns: rows.flatMap((row) => (row.id === null ? [] : [toFlowRun({ ...row, id: row.id })])),
  };
}

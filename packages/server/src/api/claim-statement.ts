import { VERSION } from '@headwater/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { FlowRunTable } from '../database/tables.js';
import { type FlowRunModel, toFlowRun } from './models.js';
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
}

/** What {@link claimInOneStatement} did. */
export interface StatementClaim {
  /** The runs it submitted, as written, oldest due first. */
  flowRuns: FlowRunModel[];
  /** `unless` held: it submitted nothing, and the runs due to run again go first. */
  stopped: boolean;
  /** `agentReadsAs` did not hold: it submitted nothing, and the claim is to read the agent again. */
  stale: boolean;
}

/** A claimed run, or (with an id of null) the one row saying that nothing was claimed. */
type Row = Omit<FlowRunTable, 'id'> & { id: string | null; stopped: boolean; fresh: boolean };

/**
 * PostgreSQL: picks the runs (skipping rows another claim holds), writes their Submitted
 * states, appends them to their histories, records that the agent asked, and hands back the
 * runs as written, all in one statement, so a claim is one round trip. The checks that stop it
 * (`unless`, `agentReadsAs`) are part of the statement too.
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
    )
    select guard.fresh, guard.stopped, claimed.* from guard left join claimed on true
    order by claimed.due, claimed.id`.execute(store.db);
  const [first] = result.rows;
  return {
    stopped: first?.stopped ?? false,
    stale: first?.fresh === false,
    flowRuns: result.rows.flatMap((row) => (row.id === null ? [] : [toFlowRun({ ...row, id: row.id })])),
  };
}

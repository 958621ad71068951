import { sql } from 'kysely';
import { type RunPick, runningState, submittedState } from './claim-states.js';
import type { ClaimingAgent } from './claiming-agent.js';
import { flowHasConcurrencyLimit } from './concurrency-limits.js';
import { writeFlowRunState } from './states.js';
import type { Store } from './store.js';

/**
 * SQLite: submits up to `limit` of the runs `pick` takes, oldest due first, as the statement of
 * `claim-statement.ts` does on PostgreSQL: each a Submitted state, then Running for the runs a
 * loaded process waits for; a run a lost claim wrote Running is written Running again. Runs in
 * the claim's immediate transaction, which makes it the only writer.
 */
export async function submitOnSqlite(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  limit: number,
  pick: RunPick,
): Promise<{ claims: { flowRunId: string; taskRunIds: string[] }[] }> {
  const picked = await sql<PickedOnSqlite>`
    select flow_run.id, flow_run.version, flow_run.serialized_state, flow_run.flow_id, flow_run.state,
      ${pick.loadedFlowIds.length > 0 ? flowHasConcurrencyLimit(sql.ref('flow_run.flow_id')) : sql`0`} as limited
    from flow_run where ${pick.where} order by flow_run.state_start_time, flow_run.id limit ${limit}`.execute(
    store.db,
  );
  const starting = startingOnSqlite(picked.rows, pick.loadedFlowIds);
  for (const run of picked.rows) {
    let { version } = run;
    if (run.state !== 'Running') {
      const submitted = await writeFlowRunState(store, tenantId, {
        flowRunId: run.id,
        version,
        state: submittedState(pick.message, JSON.parse(run.serialized_state)),
        agentId: agent.id,
        tokenId: agent.tokenId,
      });
      if (!starting.has(run.id)) continue;
      version = submitted.version;
    }
    await writeFlowRunState(store, tenantId, {
      flowRunId: run.id,
      version,
      state: runningState(pick.runningMessage),
      agentId: agent.id,
    });
  }
  return { claims: picked.rows.map((run) => ({ flowRunId: run.id, taskRunIds: [] })) };
}

interface PickedOnSqlite {
  id: string;
  version: number;
  serialized_state: string;
  flow_id: string;
  state: string;
  /** SQLite's boolean: 0 or 1. */
  limited: number;
}

/**
 * SQLite: the runs of `runs` (oldest due first) that start at once, as on PostgreSQL (see
 * `stateWrites` in `claim-statement.ts`): of each loaded flow without a concurrency limit,
 * as many of its Scheduled runs as `loaded` names it.
 */
function startingOnSqlite(runs: readonly PickedOnSqlite[], loaded: readonly string[]): Set<string> {
  const left = new Map<string, number>();
  for (const flowId of loaded) left.set(flowId, (left.get(flowId) ?? 0) + 1);
  const starting = new Set<string>();
  for (const run of runs) {
    const room = left.get(run.flow_id) ?? 0;
    if (run.state !== 'Scheduled' || run.limited || room === 0) continue;
    left.set(run.flow_id, room - 1);
    starting.add(run.id);
  }
  return starting;
}

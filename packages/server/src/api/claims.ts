import { VERSION } from '@headwater/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import { nowIso } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import { claimInOneStatement } from './claim-statement.js';
import type { ApiLimits } from './limits.js';
import type { FlowRunModel } from './models.js';
import { claimableRunConditions, dueTaskRun, type QueueFilter, resubmittableRunConditions } from './queue.js';
import { writeFlowRunState, writeTaskRunState } from './states.js';
import { type Store, transact } from './store.js';
import { checkId } from './validation.js';

/** Runs handed to an agent by one claim. */
export interface ClaimResult {
  /** `flowRun`: the run as the claim wrote it, when the claim read it back (PostgreSQL). */
  claims: { flowRunId: string; taskRunIds: string[]; flowRun?: FlowRunModel }[];
  /** When the earliest run the agent could take that is not due yet becomes due (ISO), if the claim left slots free. */
  nextDueAt: string | null;
}

interface ClaimingAgent {
  id: string;
  name: string;
  /** The claiming token: it becomes the holder of the runs it is handed (`held-runs.ts`). */
  tokenId: string | null;
  filter: QueueFilter;
}

/** An agent's `lastQueried` is written again only when older than this, so busy claimers do not write it every time. */
const LAST_QUERIED_EVERY_MS = 5_000;

/**
 * Hands the registered agent `agentId` up to `limit` due runs it can run (its labels and
 * storage types, as `getRunsInQueue` reads them) and submits them for it: Running flow runs
 * whose task runs are due to run again first (those task runs become Submitted), then
 * Scheduled-like flow runs, oldest due first (they become Submitted). Every run is handed to
 * exactly one claimer: on PostgreSQL the flow runs are locked with `FOR UPDATE SKIP LOCKED` and
 * written in the same statement, so concurrent claimers take different runs instead of waiting
 * for each other; on SQLite the whole claim is one immediate (single-writer) transaction. The
 * claiming token is recorded as the holder of the runs in the same write.
 */
export async function claimFlowRuns(
  store: Store,
  tenantId: string,
  input: {
    agentId: string;
    limit?: number | null;
    heldFlowRunIds?: readonly string[] | null;
    tokenId?: string | null;
  },
  limits: ApiLimits,
): Promise<ClaimResult> {
  const limit = input.limit ?? 1;
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.pageSize) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      limit: 'pageSize',
      message: `limit must be between 1 and ${limits.pageSize} (the agent's free slots).`,
    });
  }
  const agentId = checkId(input.agentId, 'agentId');
  const held = heldRunIds(input.heldFlowRunIds ?? []);
  const claim = async (s: Store): Promise<ClaimResult> => {
    const agent = await readAgent(s, tenantId, agentId, input.tokenId ?? null, held);
    // An agent that runs no storage type takes nothing; it still counts as having asked.
    if (agent.filter.storageTypes?.length === 0) return { claims: [], nextDueAt: null };
    const claims = await claimRuns(s, tenantId, agent, limit);
    const nextDueAt = claims.length < limit ? await nextDue(s, tenantId, agent.filter) : null;
    return { claims, nextDueAt };
  };
  // SQLite: one transaction, which the group commit shares with concurrent claims (one disk flush).
  return store.kind === 'sqlite' ? transact(store, claim) : claim(store);
}

/**
 * Runs due to run again first, then due Scheduled-like runs. On PostgreSQL the common case, no
 * run to submit again, is one statement: the claim checks for such runs as it picks.
 */
async function claimRuns(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  limit: number,
): Promise<ClaimResult['claims']> {
  const claims = await submitUnlessResubmittable(store, tenantId, agent, limit);
  if (claims !== null) return claims;
  const resubmitted = await resubmitRuns(store, tenantId, agent, limit);
  const room = limit - resubmitted.length;
  const submitted = room > 0 ? await submitRuns(store, tenantId, agent, room) : [];
  return [...resubmitted, ...submitted];
}

/** {@link submitRuns}, or null (nothing submitted) when runs are due to run again. */
async function submitUnlessResubmittable(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  limit: number,
): Promise<ClaimResult['claims'] | null> {
  if (store.kind === 'postgres') {
    // Checked by the claim's own statement: no round trip of its own.
    const resubmittable = sql<SqlBool>`exists (select 1 from flow_run where ${and(resubmittableRunConditions(store, tenantId, agent.filter))})`;
    const { stopped, claims } = await submitOnPostgres(store, tenantId, agent, limit, resubmittable);
    return stopped ? null : claims;
  }
  if (await hasResubmittable(store, tenantId, agent.filter)) return null;
  return submitRuns(store, tenantId, agent, limit);
}

/** The most flow runs an agent may say it holds; more than any agent runs at once. */
const MAX_HELD_RUNS = 10_000;

function heldRunIds(ids: readonly string[]): string[] {
  if (ids.length > MAX_HELD_RUNS) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `heldFlowRunIds lists ${ids.length} flow runs; at most ${MAX_HELD_RUNS} may be given.`,
    });
  }
  return ids.map((id, index) => checkId(id, `heldFlowRunIds[${index}]`));
}

/** Reads what the agent runs (but the runs it holds), and records that it asked (its `lastQueried`, at most every few seconds). */
async function readAgent(
  store: Store,
  tenantId: string,
  agentId: string,
  tokenId: string | null,
  heldFlowRunIds: readonly string[],
): Promise<ClaimingAgent> {
  const now = nowIso();
  const row = await store.db
    .selectFrom('agent')
    .select(['name', 'labels', 'storage_types', 'last_queried'])
    .where('id', '=', agentId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) {
    throw new ApiError({
      code: 'NOT_FOUND',
      message: `Agent ${agentId} is not registered in this tenant. Register it with registerAgent and claim with the id it returns.`,
    });
  }
  if (row.last_queried === null || Date.parse(now) - Date.parse(row.last_queried) >= LAST_QUERIED_EVERY_MS) {
    await store.db.updateTable('agent').set({ last_queried: now }).where('id', '=', agentId).execute();
  }
  return {
    id: agentId,
    name: row.name,
    tokenId,
    filter: {
      before: now,
      labels: JSON.parse(row.labels) as string[],
      storageTypes: row.storage_types === null ? null : (JSON.parse(row.storage_types) as string[]),
      excludeFlowRunIds: heldFlowRunIds,
    },
  };
}

function submittedMessage(agent: ClaimingAgent): string {
  return `Submitted for execution by agent ${agent.name}.`;
}

/** The `Submitted` state wrapping the state a run was claimed in, as agents write it. */
function submittedState(message: string, previous: unknown) {
  return {
    type: 'Submitted',
    message,
    startTime: null,
    serialized: {
      type: 'Submitted',
      message,
      context: null,
      _result: { type: 'NoResultType', __version__: VERSION },
      __version__: VERSION,
      state: previous,
    },
  };
}

function and(conditions: Expression<SqlBool>[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}

/** Submits up to `limit` due Scheduled-like flow runs, oldest due first. */
async function submitRuns(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  limit: number,
): Promise<ClaimResult['claims']> {
  if (store.kind === 'postgres')
    return (await submitOnPostgres(store, tenantId, agent, limit, sql`false`)).claims;
  const where = and(claimableRunConditions(store, tenantId, agent.filter));
  // SQLite: the claim's immediate transaction makes it the only writer.
  const picked = await sql<{ id: string; version: number; serialized_state: string }>`
    select flow_run.id, flow_run.version, flow_run.serialized_state from flow_run where ${where}
    order by flow_run.state_start_time, flow_run.id limit ${limit}`.execute(store.db);
  for (const run of picked.rows) {
    await writeFlowRunState(store, tenantId, {
      flowRunId: run.id,
      version: run.version,
      state: submittedState(submittedMessage(agent), JSON.parse(run.serialized_state)),
      agentId: agent.id,
      tokenId: agent.tokenId,
    });
  }
  return picked.rows.map((run) => ({ flowRunId: run.id, taskRunIds: [] }));
}

/** PostgreSQL: {@link submitRuns} in one statement, which submits nothing (`stopped`) when `unless` holds. */
async function submitOnPostgres(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  limit: number,
  unless: Expression<SqlBool>,
): Promise<{ stopped: boolean; claims: ClaimResult['claims'] }> {
  const where = and(claimableRunConditions(store, tenantId, agent.filter));
  const claimer = {
    agentId: agent.id,
    tokenId: agent.tokenId,
    message: submittedMessage(agent),
    now: agent.filter.before,
  };
  const { stopped, flowRuns } = await claimInOneStatement(store, claimer, where, unless, limit);
  return { stopped, claims: flowRuns.map((flowRun) => ({ flowRunId: flowRun.id, taskRunIds: [], flowRun })) };
}

/** Whether any Running flow run has task runs due to run again for this agent (a cheap read first). */
async function hasResubmittable(store: Store, tenantId: string, filter: QueueFilter): Promise<boolean> {
  const result = await sql<{ one: number }>`
    select 1 as one from flow_run where ${and(resubmittableRunConditions(store, tenantId, filter))} limit 1`.execute(
    store.db,
  );
  return result.rows.length > 0;
}

/**
 * Running flow runs whose task runs are due to run again (their process ended during a long
 * retry delay): those task runs become Submitted and the flow run's heartbeat is renewed,
 * which keeps lazarus away until the new process heartbeats.
 */
async function resubmitRuns(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  limit: number,
): Promise<ClaimResult['claims']> {
  // SQLite: already in the claim's transaction; PostgreSQL: one of its own, holding the rows.
  const inTransaction = (fn: (trx: Store) => Promise<ClaimResult['claims']>) =>
    store.kind === 'postgres' ? transact(store, fn) : fn(store);
  return inTransaction(async (trx) => {
    const lock = store.kind === 'postgres' ? sql`for update skip locked` : sql``;
    const runs = await sql<{ id: string }>`
      select flow_run.id from flow_run where ${and(resubmittableRunConditions(trx, tenantId, agent.filter))}
      order by flow_run.id limit ${limit} ${lock}`.execute(trx.db);
    const claims: ClaimResult['claims'] = [];
    for (const run of runs.rows) {
      const due = await sql<{ id: string; version: number; serialized_state: string }>`
        select task_run.id, task_run.version, task_run.serialized_state from task_run
        where task_run.flow_run_id = ${run.id} and ${dueTaskRun(agent.filter.before)}`.execute(trx.db);
      const taskRunIds: string[] = [];
      for (const taskRun of due.rows) {
        const previous = JSON.parse(taskRun.serialized_state);
        await writeTaskRunState(trx, tenantId, {
          taskRunId: taskRun.id,
          version: taskRun.version,
          state: submittedState(submittedMessage(agent), previous),
        });
        taskRunIds.push(taskRun.id);
      }
      await trx.db
        .updateTable('flow_run')
        .set({ heartbeat: agent.filter.before, agent_id: agent.id, submitted_by_token_id: agent.tokenId })
        .where('id', '=', run.id)
        .execute();
      claims.push({ flowRunId: run.id, taskRunIds });
    }
    return claims;
  });
}

/** The earliest start time still ahead of a run (or task run to run again) this agent could take. */
async function nextDue(store: Store, tenantId: string, filter: QueueFilter): Promise<string | null> {
  const far = '9999-12-31T23:59:59.999Z';
  const ahead = { ...filter, before: far };
  const result = await sql<{ due: string | null }>`
    select min(due) as due from (
      select (select flow_run.state_start_time from flow_run
        where ${and(claimableRunConditions(store, tenantId, ahead))} and flow_run.state_start_time > ${filter.before}
        order by flow_run.state_start_time limit 1) as due
      union all
      select (select min(task_run.state_start_time) from flow_run join task_run on task_run.flow_run_id = flow_run.id
        where ${and(resubmittableRunConditions(store, tenantId, ahead))} and ${dueTaskRun(far)}
          and task_run.state_start_time > ${filter.before}) as due
    ) as upcoming`.execute(store.db);
  const due = result.rows[0]?.due ?? null;
  return due === null ? null : new Date(due).toISOString();
}

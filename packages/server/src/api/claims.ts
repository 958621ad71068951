import { type Expression, type SqlBool, sql } from 'kysely';
import { ApiError } from '../errors/api-error.js';
import { claimInOneStatement, type StatementClaimInput } from './claim-statement.js';
import { type RunPick, submittedState } from './claim-states.js';
import { submitOnSqlite } from './claim-writes-sqlite.js';
import {
  agentReadsAs,
  type ClaimAsk,
  type ClaimingAgent,
  forgetAgent,
  LAST_QUERIED_EVERY_MS,
  readAgent,
  rememberedAgent,
  StaleAgentError,
} from './claiming-agent.js';
import type { ApiLimits } from './limits.js';
import type { FlowModel, FlowRunModel, TaskRunModel } from './models.js';
import {
  claimableRunConditions,
  dueTaskRun,
  notAmong,
  type QueueFilter,
  resubmittableRunConditions,
} from './queue.js';
import { writeTaskRunState } from './states.js';
import { type Store, transact } from './store.js';
import { checkId } from './validation.js';

/** Runs handed to an agent by one claim. */
export interface ClaimResult {
  /**
   * `flowRun` and `allTaskRuns`: the run as the claim wrote it and every task run it has, when
   * the claim read them back (PostgreSQL).
   */
  claims: { flowRunId: string; taskRunIds: string[]; flowRun?: FlowRunModel; allTaskRuns?: TaskRunModel[] }[];
  /** The flows of the claimed runs, when the claim read them back (PostgreSQL). */
  flows?: FlowModel[];
  /** When the earliest run the agent could take that is not due yet becomes due (ISO), if the claim left slots free. */
  nextDueAt: string | null;
}

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
    previousClaimLost?: boolean | null;
    /** Flows the agent has a loaded run process waiting for, once per process (see {@link RunPick}). */
    loadedFlowIds?: readonly string[] | null;
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
  const ask: ClaimAsk = {
    tenantId,
    agentId: checkId(input.agentId, 'agentId'),
    tokenId: input.tokenId ?? null,
    heldFlowRunIds: heldRunIds(input.heldFlowRunIds ?? []),
  };
  const how: ClaimHow = {
    limit,
    recoverLost: input.previousClaimLost === true,
    loadedFlowIds: loadedFlowIds(input.loadedFlowIds ?? [], limits),
  };
  const claim = async (s: Store): Promise<ClaimResult> => {
    const remembered = rememberedAgent(s, ask);
    if (remembered !== null) {
      try {
        return await claimAs(s, tenantId, remembered, how);
      } catch (error) {
        if (!(error instanceof StaleAgentError)) throw error;
        forgetAgent(s, ask);
      }
    }
    return claimAs(s, tenantId, await readAgent(s, ask), how);
  };
  // SQLite: one transaction, which the group commit shares with concurrent claims (one disk flush).
  return store.kind === 'sqlite' ? transact(store, claim) : claim(store);
}

/** What one claim asks for, besides the agent. */
interface ClaimHow {
  limit: number;
  /** First hand again the runs of a claim whose answer the agent never got (see {@link lostRuns}). */
  recoverLost: boolean;
  loadedFlowIds: readonly string[];
}

/**
 * The claim for `agent`: with `recoverLost`, first the runs submitted to it by a claim whose
 * answer it never got (see {@link lostRuns}), then due runs in the room left.
 */
async function claimAs(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  how: ClaimHow,
): Promise<ClaimResult> {
  const { limit } = how;
  // An agent that runs no storage type takes nothing; it still counts as having asked.
  if (agent.filter.storageTypes?.length === 0) return { claims: [], nextDueAt: null };
  const due = (room: number) => claimDue(store, tenantId, agent, room, how.loadedFlowIds);
  if (!how.recoverLost) return due(limit);
  const lost = await submitRuns(store, tenantId, agent, limit, lostRuns(tenantId, agent));
  if (lost.claims.length === limit) return { ...lost, nextDueAt: null };
  const rest = await due(limit - lost.claims.length);
  return {
    claims: [...lost.claims, ...rest.claims],
    flows: [...(lost.flows ?? []), ...(rest.flows ?? [])],
    nextDueAt: rest.nextDueAt,
  };
}

/** Task runs due to run again, then due Scheduled-like runs, up to `limit`. */
async function claimDue(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  limit: number,
  loaded: readonly string[],
): Promise<ClaimResult> {
  const claimed = await submitUnlessResubmittable(store, tenantId, agent, limit, loaded);
  if (claimed !== null) return claimed;
  const resubmitted = await resubmitRuns(store, tenantId, agent, limit);
  const room = limit - resubmitted.length;
  const submitted =
    room > 0
      ? await submitRuns(store, tenantId, agent, room, dueRuns(store, tenantId, agent, loaded))
      : { claims: [] };
  const claims = [...resubmitted, ...submitted.claims];
  const nextDueAt = claims.length < limit ? await nextDue(store, tenantId, agent.filter) : null;
  return { claims, flows: submitted.flows, nextDueAt };
}

/**
 * Due Scheduled-like runs, or null (nothing submitted) when runs are due to run again, which go
 * first. On PostgreSQL this, the common case, is one statement: it checks for such runs as it
 * picks, and reads when the next run is due when it leaves slots free.
 */
async function submitUnlessResubmittable(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  limit: number,
  loaded: readonly string[],
): Promise<ClaimResult | null> {
  if (store.kind === 'postgres') {
    // Checked by the claim's own statement, as is a remembered agent: no round trips of their own.
    const unless = sql<SqlBool>`exists (select 1 from flow_run where ${and(resubmittableRunConditions(store, tenantId, agent.filter))})`;
    const checks = {
      unless,
      agentReadsAs: agentReadsAs(agent, tenantId),
      nextDue: nextDueExpression(store, tenantId, agent.filter),
    };
    const { stopped, claims, flows, nextDueAt } = await submitOnPostgres(
      store,
      tenantId,
      agent,
      limit,
      checks,
      dueRuns(store, tenantId, agent, loaded),
    );
    return stopped ? null : { claims, flows, nextDueAt };
  }
  if (await hasResubmittable(store, tenantId, agent.filter)) return null;
  const { claims } = await submitRuns(store, tenantId, agent, limit, dueRuns(store, tenantId, agent, loaded));
  return { claims, nextDueAt: claims.length < limit ? await nextDue(store, tenantId, agent.filter) : null };
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

/** `loadedFlowIds` of a claim: ids, at most one per slot the agent could have free. */
function loadedFlowIds(ids: readonly string[], limits: ApiLimits): string[] {
  if (ids.length > limits.pageSize) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      limit: 'pageSize',
      message: `loadedFlowIds lists ${ids.length} flows; at most ${limits.pageSize} (one per loaded run process) may be given.`,
    });
  }
  return ids.map((id, index) => checkId(id, `loadedFlowIds[${index}]`));
}

function submittedMessage(agent: ClaimingAgent): string {
  return `Submitted for execution by agent ${agent.name}.`;
}

function and(conditions: Expression<SqlBool>[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}

/** Due Scheduled-like runs the agent can run. */
function dueRuns(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  loadedFlowIds: readonly string[],
): RunPick {
  return {
    where: and(claimableRunConditions(store, tenantId, agent.filter)),
    message: submittedMessage(agent),
    loadedFlowIds,
    runningMessage: loadedRunningMessage(agent),
  };
}

/** The message of the Running states a claim writes for an agent's loaded processes. */
function loadedRunningMessage(agent: ClaimingAgent): string {
  return `Running flow: handed to a process of agent ${agent.name} that had the flow loaded.`;
}

/**
 * Runs a claim handed `agent` that it does not hold: the answer to a claim of its was lost, so
 * they would wait for lazarus. Claims of one agent go one at a time and it holds what each
 * hands it before the next, so such a run is not starting anywhere; a process started for it
 * anyway (the same agent id, restarted) is fenced by the new state's version. They are the
 * runs Submitted to it, and those a claim wrote Running for it that no process took up (one
 * that does beats the run's heartbeat at once): those are written Running again.
 */
function lostRuns(tenantId: string, agent: ClaimingAgent): RunPick {
  const held = agent.filter.excludeFlowRunIds ?? [];
  const runningMessage = `Running flow: handed again to agent ${agent.name}, the answer to its previous claim was lost.`;
  const claimedRunning = sql<SqlBool>`(flow_run.state = 'Running' and flow_run.heartbeat = flow_run.state_timestamp
    and flow_run.state_message in (${loadedRunningMessage(agent)}, ${runningMessage}))`;
  return {
    where: and([
      sql<SqlBool>`flow_run.tenant_id = ${tenantId}`,
      sql<SqlBool>`(flow_run.state = 'Submitted' or ${claimedRunning})`,
      sql<SqlBool>`flow_run.agent_id = ${agent.id}`,
      ...(held.length > 0 ? [notAmong(held)] : []),
    ]),
    message: `Submitted again for execution by agent ${agent.name}: the answer to its previous claim was lost.`,
    loadedFlowIds: [],
    runningMessage,
  };
}

/** Submits up to `limit` of the runs `pick` takes, oldest due first. */
async function submitRuns(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  limit: number,
  pick: RunPick,
): Promise<Pick<ClaimResult, 'claims' | 'flows'>> {
  if (store.kind === 'postgres') {
    // The agent was checked by submitUnlessResubmittable before, or (lost runs) its labels do not matter.
    const checks = {
      unless: sql<SqlBool>`false`,
      agentReadsAs: sql<SqlBool>`true`,
      nextDue: sql<null>`null`,
    };
    return submitOnPostgres(store, tenantId, agent, limit, checks, pick);
  }
  // SQLite: the claim's immediate transaction makes it the only writer.
  return submitOnSqlite(store, tenantId, agent, limit, pick);
}

/**
 * PostgreSQL: {@link submitRuns} in one statement, which submits nothing (`stopped`) when
 * `checks.unless` holds, and throws {@link StaleAgentError} when `checks.agentReadsAs` does not.
 */
async function submitOnPostgres(
  store: Store,
  tenantId: string,
  agent: ClaimingAgent,
  limit: number,
  checks: Pick<StatementClaimInput, 'unless' | 'agentReadsAs' | 'nextDue'>,
  pick: RunPick,
): Promise<ClaimResult & { stopped: boolean }> {
  const now = agent.filter.before;
  const { stopped, stale, claimed, flows, nextDueAt } = await claimInOneStatement(store, {
    ...checks,
    tenantId,
    agentId: agent.id,
    tokenId: agent.tokenId,
    message: pick.message,
    loadedFlowIds: pick.loadedFlowIds,
    runningMessage: pick.runningMessage,
    now,
    where: pick.where,
    limit,
    seenBefore: new Date(Date.parse(now) - LAST_QUERIED_EVERY_MS).toISOString(),
  });
  if (stale) throw new StaleAgentError();
  const claims = claimed.map(({ flowRun, taskRuns }) => ({
    flowRunId: flowRun.id,
    taskRunIds: [],
    flowRun,
    allTaskRuns: taskRuns,
  }));
  return { stopped, claims, flows, nextDueAt };
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
  const result = await sql<{
    due: string | null;
  }>`select (${nextDueExpression(store, tenantId, filter)}) as due`.execute(store.db);
  const due = result.rows[0]?.due ?? null;
  return due === null ? null : new Date(due).toISOString();
}

/** The query of {@link nextDue}, a scalar subquery a claim's statement can also read. */
function nextDueExpression(store: Store, tenantId: string, filter: QueueFilter): Expression<string | null> {
  const far = '9999-12-31T23:59:59.999Z';
  const ahead = { ...filter, before: far };
  return sql<string | null>`
    select min(due) as due from (
      select (select flow_run.state_start_time from flow_run
        where ${and(claimableRunConditions(store, tenantId, ahead))} and flow_run.state_start_time > ${filter.before}
        order by flow_run.state_start_time limit 1) as due
      union all
      select (select min(task_run.state_start_time) from flow_run join task_run on task_run.flow_run_id = flow_run.id
        where ${and(resubmittableRunConditions(store, tenantId, ahead))} and ${dueTaskRun(far)}
          and task_run.state_start_time > ${filter.before}) as due
    ) as upcoming`;
}

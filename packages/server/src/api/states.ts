import { randomUUID } from 'node:crypto';
import { FINISHED_STATES, isStateType, isStateTypeOf, SCHEDULED_LIKE_STATES, VERSION } from '@headwater/core';
import { type Expression, type SqlBool, sql, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import { z } from 'zod';
import type { Tables } from '../database/tables.js';
import { nowIso, toIso, toJson } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import {
  type ConcurrencySettings,
  flowHasConcurrencyLimit,
  flowRunSlotRefusal,
  taskRunSlotRefusal,
} from './concurrency-limits.js';
import type { ApiLimits } from './limits.js';
import { type FlowRunModel, toFlowRun } from './models.js';
import { mayTransition, requiredCurrentStates, transitionError } from './state-transitions.js';
import { type Store, transact } from './store.js';

/** A validated serialized state, ready to store. */
export interface ParsedState {
  type: string;
  message: string | null;
  /**
   * The state's `start_time` (ISO); without one, now for a Scheduled-like state, except
   * `Paused`: null, it waits until resumed.
   */
  startTime: string | null;
  serialized: Record<string, unknown>;
}

/** What one accepted state write returns. */
export interface StateWriteResult {
  id: string;
  version: number;
  state: string;
  message: string | null;
  status: 'SUCCESS' | 'QUEUED';
  /** The stored state's start time: when a QUEUED run may try again. */
  startTime?: string | null;
  /** The flow run as the write left it (for subscriptions; not part of the API's answer). */
  flowRun?: FlowRunModel;
}

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO-8601 date-time');

const stateShape = z.looseObject({
  type: z.string().min(1).max(64),
  message: z.string().nullish(),
  start_time: isoDate.nullish(),
  cached_inputs: z.unknown().optional(),
});

/** Validates a serialized state against the wire shape and the size limit. */
export function parseState(value: unknown, limits: ApiLimits, path = 'state'): ParsedState {
  const size = Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
  if (size > limits.stateBytes) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      limit: 'statePayload',
      message: `State payload is too large (${size} bytes; the limit is ${limits.stateBytes}). Store large results elsewhere and keep a reference in the state.`,
    });
  }
  const parsed = stateShape.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Invalid state at ${[path, ...issue.path].join('.')}: ${issue.message}. A state is an object like {"type": "Running", "message": "…"}.`,
    });
  }
  const { type } = parsed.data;
  if (!isStateType(type) || type === 'State') {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Unknown state type "${type}" at ${path}.type. Use one of the state types of @headwater/core (e.g. Scheduled, Submitted, Running, Success, Failed).`,
    });
  }
  const startTime = parsed.data.start_time ? toIso(parsed.data.start_time) : defaultStartTime(type);
  return { type, message: parsed.data.message ?? null, startTime, serialized: parsed.data };
}

/** When a state without `start_time` is due: now for Scheduled-like states; never for Paused (until resumed) and the rest. */
function defaultStartTime(type: string): string | null {
  return type !== 'Paused' && SCHEDULED_LIKE_STATES.includes(type as never) ? nowIso() : null;
}

/** Builds a serialized state as the server itself writes it (services, cascades). */
export function serverState(type: string, message: string, startTime?: string): ParsedState {
  const serialized: Record<string, unknown> = { type, message, __version__: VERSION };
  if (startTime) serialized.start_time = startTime;
  return {
    type,
    message,
    startTime: startTime ?? defaultStartTime(type),
    serialized,
  };
}

/**
 * The `Queued` state stored instead of a Running proposal that found no free slot: it wraps
 * the state the run was waiting in (meta states unwrapped) and is due after the queue interval.
 */
function queuedState(currentSerialized: string, message: string, settings: ConcurrencySettings): ParsedState {
  let inner = JSON.parse(currentSerialized) as Record<string, unknown> | null;
  while (inner && ['Submitted', 'Queued', 'ClientFailed'].includes(String(inner.type)) && inner.state) {
    inner = inner.state as Record<string, unknown>;
  }
  const queued = serverState(
    'Queued',
    message,
    new Date(Date.now() + settings.queueIntervalMs).toISOString(),
  );
  queued.serialized.state = inner;
  return queued;
}

const holdsSlot = (state: string) => state === 'Running' || state === 'Cancelling';

function isFinished(type: string): boolean {
  return FINISHED_STATES.includes(type as never);
}

/**
 * The columns a restart clears: a finished run given a Pending-like state other than Retrying (restart from
 * failed, a rerun) starts a new attempt cycle, so its start and end times (and a task run's attempts)
 * count from the restart, not from its first run. The append-only state history keeps the
 * earlier cycles. Evaluated against the row before the update.
 */
function restartColumns(kind: 'flow_run' | 'task_run', type: string) {
  // A retry (Failed → Retrying) continues the attempt cycle; only a restart starts a new one.
  if (!isStateTypeOf(type, 'Pending') || isStateTypeOf(type, 'Retrying')) return {};
  const finished = sql.join(FINISHED_STATES.map((state) => sql`${state}`));
  const restarted = sql`state in (${finished})`;
  return {
    start_time: sql<string | null>`case when ${restarted} then null else start_time end`,
    end_time: sql<string | null>`case when ${restarted} then null else end_time end`,
    ...(kind === 'task_run'
      ? { run_count: sql<number>`case when ${restarted} then 0 else run_count end` }
      : {}),
  };
}

function stateColumns(state: ParsedState, newVersion: number, now: string) {
  return {
    version: newVersion,
    state: state.type,
    state_message: state.message,
    state_timestamp: now,
    state_start_time: state.startTime,
    serialized_state: toJson(state.serialized),
    updated: now,
  };
}

/** Why a writer's `expected` version is not the run's `current` one, and what to do. */
export function versionMismatch(expected: number, current: number): string {
  return expected > current
    ? `version ${expected} is ahead of the current version ${current}, so no reader saw it; re-read the run and name the version it has`
    : `version ${expected} is stale (the current version is ${current}); another writer changed the run first, re-read it and decide again`;
}

function versionLockingError(kind: 'flow run' | 'task run', id: string, expected: number, current: number) {
  return new ApiError({
    code: 'VERSION_LOCKING_ERROR',
    message: `State update failed for ${kind} ${id}: ${versionMismatch(expected, current)}.`,
    details: { id, expectedVersion: expected, currentVersion: current },
  });
}

function notFound(kind: 'flow run' | 'task run', id: string) {
  return new ApiError({
    code: 'NOT_FOUND',
    message: `State update failed for ${kind} ${id}: there is no such ${kind} in this tenant.`,
  });
}

/** The state history entry of a state write (its run's id aside). */
function historyEntry(tenantId: string, version: number, state: ParsedState, now: string) {
  return {
    id: randomUUID(),
    tenant_id: tenantId,
    version,
    state: state.type,
    message: state.message,
    start_time: state.startTime,
    timestamp: now,
    serialized_state: toJson(state.serialized),
  };
}

type HistoryEntry = ReturnType<typeof historyEntry>;

/**
 * Runs the version-locked `update` of a run and, when it changed the run, appends `entry` to
 * the run's state history; resolves to the run as written, or undefined when the update
 * changed nothing. On PostgreSQL both are one statement (the insert reads the update's row),
 * so a state write costs one round trip.
 */
async function updateWithHistory<T extends 'flow_run' | 'task_run'>(
  store: Store,
  update: UpdateQueryBuilder<Tables, T, T, UpdateResult>,
  table: 'flow_run_state' | 'task_run_state',
  entry: HistoryEntry & ({ flow_run_id: string } | { task_run_id: string }),
): Promise<Tables[T] | undefined> {
  const written = update.returningAll();
  if (store.kind === 'sqlite') {
    const row = (await written.executeTakeFirst()) as Tables[T] | undefined;
    if (row !== undefined) await store.db.insertInto(table).values(entry).execute();
    return row;
  }
  const runId = 'flow_run_id' in entry ? entry.flow_run_id : entry.task_run_id;
  const runColumn = table === 'flow_run_state' ? 'flow_run_id' : 'task_run_id';
  const result = await sql<Tables[T]>`
    with updated as (${written}), history as (
      insert into ${sql.table(table)}
        (id, tenant_id, ${sql.ref(runColumn)}, version, state, message, start_time, timestamp, serialized_state)
      select ${entry.id}, ${entry.tenant_id}, ${runId}, ${entry.version}::integer, ${entry.state}, ${entry.message}::text,
        ${entry.start_time}::timestamptz, ${entry.timestamp}::timestamptz, ${entry.serialized_state}::jsonb
      from updated
    )
    select * from updated`.execute(store.db);
  return result.rows[0];
}

/** The version-locked update that writes `input.state` to its flow run, and its history entry. */
function flowRunStateUpdate(store: Store, tenantId: string, input: FlowRunStateWrite) {
  const { flowRunId, version, state } = input;
  const now = nowIso();
  const newVersion = version + 1;
  const type = state.type;
  const required = requiredCurrentStates(type);
  let update = store.db
    .updateTable('flow_run')
    .set({
      ...stateColumns(state, newVersion, now),
      ...restartColumns('flow_run', type),
      ...(type === 'Running' || type === 'Submitted' ? { heartbeat: now } : {}),
      ...(type === 'Running' ? { start_time: sql<string>`coalesce(start_time, ${now})` } : {}),
      ...(isFinished(type) ? { end_time: now } : {}),
      ...(type === 'Submitted' && input.agentId ? { agent_id: input.agentId } : {}),
      ...(type === 'Submitted' ? { submitted_by_token_id: input.tokenId ?? null } : {}),
    })
    .where('id', '=', flowRunId)
    .where('tenant_id', '=', tenantId)
    .where('version', '=', version);
  if (required !== null) update = update.where('state', 'in', required);
  return { update, history: historyEntry(tenantId, newVersion, state, now), newVersion };
}

/**
 * PostgreSQL: writes Running in one statement when no concurrency limit applies to the run's
 * flow (most flows have none), checked by the same statement; undefined when it wrote nothing
 * (a limit applies, or the write is refused), for the full write to decide in a transaction.
 */
async function writeRunningUnlimited(
  store: Store,
  tenantId: string,
  input: FlowRunStateWrite,
): Promise<StateWriteResult | undefined> {
  const { update, history, newVersion } = flowRunStateUpdate(store, tenantId, input);
  const unlimited = update.where(sql<SqlBool>`not ${flowHasConcurrencyLimit(sql.ref('flow_run.flow_id'))}`);
  const entry = { ...history, flow_run_id: input.flowRunId };
  const written = await updateWithHistory(store, unlimited, 'flow_run_state', entry);
  if (written === undefined) return undefined;
  return {
    id: input.flowRunId,
    version: newVersion,
    state: 'Running',
    message: input.state.message,
    status: 'SUCCESS',
    flowRun: toFlowRun(written),
  };
}

/**
 * Writes a flow-run state if and only if the run is still at `version`: one conditional
 * UPDATE, so with any number of writers (agents, server replicas) exactly one wins. A state
 * the run's current one may not be followed by (see `state-transitions.ts`, e.g. Success →
 * Running) is `BAD_USER_INPUT`. Must run inside a transaction.
 */
export async function writeFlowRunState(
  store: Store,
  tenantId: string,
  input: {
    flowRunId: string;
    version: number;
    state: ParsedState;
    agentId?: string | null;
    /** The token writing the state: a Submitted state records it as the run's holder. */
    tokenId?: string | null;
    /** Enforce the flow's concurrency limit on a Running proposal (API writes). */
    concurrency?: ConcurrencySettings;
  },
): Promise<StateWriteResult> {
  const { flowRunId, version, state } = input;
  if (state.type === 'Running' && input.concurrency) {
    const queued = await queueFlowRunWithoutSlot(store, tenantId, flowRunId, version, input.concurrency);
    if (queued) return queued;
  }
  const type = state.type;
  const { update, history, newVersion } = flowRunStateUpdate(store, tenantId, input);
  const written = await updateWithHistory(store, update, 'flow_run_state', {
    ...history,
    flow_run_id: flowRunId,
  });
  if (written === undefined) {
    const current = await store.db
      .selectFrom('flow_run')
      .select(['version', 'state'])
      .where('id', '=', flowRunId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!current) throw notFound('flow run', flowRunId);
    if (current.version === version && !mayTransition(current.state, type)) {
      throw transitionError('flow run', flowRunId, current.state, type);
    }
    throw versionLockingError('flow run', flowRunId, version, current.version);
  }
  if (type === 'Cancelled') await cancelTaskRuns(store, tenantId, flowRunId);
  return {
    id: flowRunId,
    version: newVersion,
    state: type,
    message: state.message,
    status: 'SUCCESS',
    flowRun: toFlowRun(written),
  };
}

/** `write` of each of `writes` in order, in one transaction: all or none. */
function allInOneTransaction<W>(
  store: Store,
  writes: readonly W[],
  write: (trx: Store, one: W) => Promise<StateWriteResult>,
): Promise<StateWriteResult[]> {
  return transact(store, async (trx) => {
    const results: StateWriteResult[] = [];
    for (const one of writes) results.push(await write(trx, one));
    return results;
  });
}

/** One write of {@link writeFlowRunStates}. */
export type FlowRunStateWrite = Parameters<typeof writeFlowRunState>[2];

/**
 * Writes flow-run states in order, all or none, in one transaction; on PostgreSQL a lone write
 * that is one statement (no concurrency limit to check, no task runs to cancel) needs none.
 */
export async function writeFlowRunStates(
  store: Store,
  tenantId: string,
  writes: readonly FlowRunStateWrite[],
): Promise<StateWriteResult[]> {
  const [only] = writes;
  if (store.kind === 'postgres' && writes.length === 1 && only !== undefined) {
    if (isOneStatement(only)) return [await writeFlowRunState(store, tenantId, only)];
    if (only.state.type === 'Running') {
      const written = await writeRunningUnlimited(store, tenantId, only);
      if (written) return [written];
    }
  }
  return allInOneTransaction(store, writes, (trx, write) => writeFlowRunState(trx, tenantId, write));
}

function isOneStatement(write: FlowRunStateWrite): boolean {
  return !(write.state.type === 'Running' && write.concurrency) && write.state.type !== 'Cancelled';
}

/** Stores `Queued` instead of Running when the flow's limit has no free slot; undefined when it has one. */
async function queueFlowRunWithoutSlot(
  store: Store,
  tenantId: string,
  flowRunId: string,
  version: number,
  settings: ConcurrencySettings,
): Promise<StateWriteResult | undefined> {
  const current = await store.db
    .selectFrom('flow_run as r')
    .innerJoin('flow as f', 'f.id', 'r.flow_id')
    .select(['r.version', 'r.state', 'r.serialized_state', 'f.flow_group_id'])
    .where('r.id', '=', flowRunId)
    .where('r.tenant_id', '=', tenantId)
    .executeTakeFirst();
  // A stale version or a refused transition is answered by the write itself.
  if (
    !current ||
    current.version !== version ||
    holdsSlot(current.state) ||
    !mayTransition(current.state, 'Running')
  )
    return undefined;
  const why = await flowRunSlotRefusal(store, tenantId, flowRunId, current.flow_group_id, settings);
  if (why === null) return undefined;
  const queued = queuedState(current.serialized_state, why, settings);
  const result = await writeFlowRunState(store, tenantId, { flowRunId, version, state: queued });
  return { ...result, status: 'QUEUED', startTime: queued.startTime };
}

async function cancelTaskRuns(store: Store, tenantId: string, flowRunId: string): Promise<void> {
  const open = await store.db
    .selectFrom('task_run')
    .select(['id', 'version'])
    .where('flow_run_id', '=', flowRunId)
    .where('state', 'not in', FINISHED_STATES as string[])
    .execute();
  for (const taskRun of open) {
    await applyTaskRunState(
      store,
      tenantId,
      taskRun.id,
      taskRun.version,
      serverState('Cancelled', 'Flow run was cancelled.'),
    );
  }
}

/**
 * Writes a task-run state, version-locked like {@link writeFlowRunState}. With
 * `flowRunVersion` the flow run's version must match too; a Running task run needs a Running
 * flow run; the transition rules of `state-transitions.ts` apply. Must run inside a transaction.
 */
export async function writeTaskRunState(
  store: Store,
  tenantId: string,
  input: {
    taskRunId: string;
    version: number;
    flowRunVersion?: number | null;
    state: ParsedState;
    /** Enforce the task's tag limits on a Running proposal (API writes). */
    concurrency?: ConcurrencySettings;
    /** With a Cached state: the key other runs read it back by. */
    cacheKey?: string | null;
    /** With a Cached state reused from another run: that run's task run. */
    cachedFromTaskRunId?: string | null;
  },
): Promise<StateWriteResult> {
  const { taskRunId, version, state } = input;
  const checksFlowRun = input.flowRunVersion != null || state.type === 'Running';
  // One read: the task run, its flow run (held against changes while the flow run is checked)
  // and its task's tags (for the tag limits).
  let read = store.db
    .selectFrom('task_run as t')
    .innerJoin('flow_run as f', 'f.id', 't.flow_run_id')
    .leftJoin('task as k', 'k.id', 't.task_id')
    .select([
      't.flow_run_id',
      't.version',
      't.state',
      't.serialized_state',
      'f.version as flow_run_version',
      'f.state as flow_run_state',
      'k.tags',
    ])
    .where('t.id', '=', taskRunId)
    .where('t.tenant_id', '=', tenantId);
  if (checksFlowRun && store.kind === 'postgres') read = read.forShare('f');
  const taskRun = await read.executeTakeFirst();
  if (!taskRun) throw notFound('task run', taskRunId);
  if (taskRun.version !== version) throw versionLockingError('task run', taskRunId, version, taskRun.version);
  if (!mayTransition(taskRun.state, state.type)) {
    throw transitionError('task run', taskRunId, taskRun.state, state.type);
  }
  if (checksFlowRun) {
    const flowRun = { version: taskRun.flow_run_version, state: taskRun.flow_run_state };
    if (input.flowRunVersion != null && flowRun.version !== input.flowRunVersion) {
      throw new ApiError({
        code: 'VERSION_LOCKING_ERROR',
        message: `State update failed for task run ${taskRunId}: flow run ${versionMismatch(input.flowRunVersion, flowRun.version)}.`,
        details: {
          id: taskRunId,
          flowRunId: taskRun.flow_run_id,
          expectedFlowRunVersion: input.flowRunVersion,
          currentFlowRunVersion: flowRun.version,
        },
      });
    }
    if (state.type === 'Running' && flowRun.state !== 'Running') {
      throw new ApiError({
        code: 'BAD_USER_INPUT',
        message: `Task run ${taskRunId} was given a Running state, but its flow run ${taskRun.flow_run_id} is ${flowRun.state}, not Running. Start the flow run first.`,
      });
    }
  }
  let next = state;
  if (state.serialized.cached_inputs === undefined) {
    const previous = JSON.parse(taskRun.serialized_state) as { cached_inputs?: unknown } | null;
    if (previous?.cached_inputs !== undefined) {
      next = { ...state, serialized: { ...state.serialized, cached_inputs: previous.cached_inputs } };
    }
  }
  if (state.type === 'Running' && input.concurrency && !holdsSlot(taskRun.state)) {
    const tags = taskRun.tags === null ? [] : (JSON.parse(taskRun.tags) as string[]);
    const why = await taskRunSlotRefusal(store, tenantId, taskRunId, tags, input.concurrency);
    if (why !== null) {
      const queued = queuedState(taskRun.serialized_state, why, input.concurrency);
      if (next.serialized.cached_inputs !== undefined)
        queued.serialized.cached_inputs = next.serialized.cached_inputs;
      const result = await applyTaskRunState(store, tenantId, taskRunId, version, queued);
      return { ...result, status: 'QUEUED', startTime: queued.startTime };
    }
  }
  const cache =
    state.type === 'Cached'
      ? { key: input.cacheKey ?? null, from: await sourceTaskRun(store, tenantId, input.cachedFromTaskRunId) }
      : undefined;
  return applyTaskRunState(store, tenantId, taskRunId, version, next, cache);
}

/** The task run a reused Cached state came from, checked to be one of the tenant's. */
async function sourceTaskRun(
  store: Store,
  tenantId: string,
  id: string | null | undefined,
): Promise<string | null> {
  if (id == null) return null;
  const row = await store.db
    .selectFrom('task_run')
    .select('id')
    .where('id', '=', id)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) {
    throw new ApiError({
      code: 'NOT_FOUND',
      message: `cachedFromTaskRunId ${id} is not a task run of this tenant; name the task run whose Cached state was reused.`,
    });
  }
  return row.id;
}

/** The version-locked update a task-run state write makes. */
function taskRunUpdate(
  store: Store,
  tenantId: string,
  taskRunId: string,
  version: number,
  state: ParsedState,
  now: string,
  options: {
    cache?: { key: string | null; from: string | null };
    /** What the serialized state is set to, instead of `state`'s. */
    serializedState?: Expression<string>;
  } = {},
) {
  const type = state.type;
  const { cache, serializedState } = options;
  return store.db
    .updateTable('task_run')
    .set({
      ...stateColumns(state, version + 1, now),
      ...(serializedState ? { serialized_state: serializedState } : {}),
      ...restartColumns('task_run', type),
      ...(type === 'Running'
        ? {
            heartbeat: now,
            start_time: sql<string>`coalesce(start_time, ${now})`,
            run_count: sql<number>`run_count + 1`,
          }
        : {}),
      ...(type === 'Looped' ? { run_count: sql<number>`run_count - 1` } : {}),
      ...(isFinished(type) ? { end_time: now } : {}),
      cache_key: cache?.key ?? null,
      cached_from_task_run_id: cache?.from ?? null,
    })
    .where('id', '=', taskRunId)
    .where('tenant_id', '=', tenantId)
    .where('version', '=', version);
}

async function applyTaskRunState(
  store: Store,
  tenantId: string,
  taskRunId: string,
  version: number,
  state: ParsedState,
  cache?: { key: string | null; from: string | null },
): Promise<StateWriteResult> {
  const now = nowIso();
  const newVersion = version + 1;
  const update = taskRunUpdate(store, tenantId, taskRunId, version, state, now, { cache });
  const history = historyEntry(tenantId, newVersion, state, now);
  if (
    (await updateWithHistory(store, update, 'task_run_state', { ...history, task_run_id: taskRunId })) ===
    undefined
  ) {
    const current = await store.db
      .selectFrom('task_run')
      .select('version')
      .where('id', '=', taskRunId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    throw current
      ? versionLockingError('task run', taskRunId, version, current.version)
      : notFound('task run', taskRunId);
  }
  return { id: taskRunId, version: newVersion, state: state.type, message: state.message, status: 'SUCCESS' };
}

/** One write of {@link writeTaskRunStates}. */
export type TaskRunStateWrite = Parameters<typeof writeTaskRunState>[2];

/**
 * Writes task-run states in order, all or none, in one transaction. On PostgreSQL a lone write
 * that checks no limit and reuses no cached state (neither Running nor Cached) is first tried
 * as one statement ({@link writeTaskRunStateAtOnce}); when that writes nothing, the write is
 * made as any other, which says why it is refused.
 */
export async function writeTaskRunStates(
  store: Store,
  tenantId: string,
  writes: readonly TaskRunStateWrite[],
): Promise<StateWriteResult[]> {
  const [only] = writes;
  if (
    store.kind === 'postgres' &&
    writes.length === 1 &&
    only !== undefined &&
    only.state.type !== 'Running' &&
    only.state.type !== 'Cached'
  ) {
    const written = await writeTaskRunStateAtOnce(store, tenantId, only);
    if (written !== null) return [written];
  }
  return allInOneTransaction(store, writes, (trx, write) => writeTaskRunState(trx, tenantId, write));
}

/**
 * PostgreSQL: {@link writeTaskRunState} of a state that is neither Running nor Cached, as one
 * statement: the flow run, when its version is named, is held (`FOR SHARE`) at that version
 * while the task run is updated, if still at its version and in a state the new one may follow,
 * keeping the cached inputs of its previous state; the history entry is appended with it.
 * Null when it wrote nothing.
 */
async function writeTaskRunStateAtOnce(
  store: Store,
  tenantId: string,
  input: TaskRunStateWrite,
): Promise<StateWriteResult | null> {
  const { taskRunId, version, state } = input;
  const now = nowIso();
  const serialized = toJson(state.serialized);
  const required = requiredCurrentStates(state.type);
  // The cached inputs of the previous state are kept, as writeTaskRunState keeps them.
  const serializedState =
    state.serialized.cached_inputs === undefined
      ? sql<string>`case when task_run.serialized_state ? 'cached_inputs'
          then ${serialized}::jsonb || jsonb_build_object('cached_inputs', task_run.serialized_state -> 'cached_inputs')
          else ${serialized}::jsonb end`
      : undefined;
  let update = taskRunUpdate(store, tenantId, taskRunId, version, state, now, { serializedState });
  if (required !== null) update = update.where('state', 'in', required);
  if (input.flowRunVersion != null) update = update.where(sql<SqlBool>`exists (select 1 from held)`);
  const held =
    input.flowRunVersion == null
      ? sql`select 1`
      : sql`select 1 from flow_run where flow_run.version = ${input.flowRunVersion} and flow_run.id =
          (select flow_run_id from task_run where id = ${taskRunId} and tenant_id = ${tenantId}) for share`;
  const entry = historyEntry(tenantId, version + 1, state, now);
  const result = await sql`
    with held as (${held}), updated as (${update.returning('serialized_state')})
    insert into task_run_state
      (id, tenant_id, task_run_id, version, state, message, start_time, timestamp, serialized_state)
    select ${entry.id}, ${tenantId}, ${taskRunId}, ${entry.version}::integer, ${entry.state}, ${entry.message}::text,
      ${entry.start_time}::timestamptz, ${entry.timestamp}::timestamptz, updated.serialized_state
    from updated`.execute(store.db);
  if (Number(result.numAffectedRows ?? 0) === 0) return null;
  return {
    id: taskRunId,
    version: version + 1,
    state: state.type,
    message: state.message,
    status: 'SUCCESS',
  };
}

/** Writes a server-made task-run state (zombie killer); version-locked. Must run in a transaction. */
export function writeServerTaskRunState(
  store: Store,
  tenantId: string,
  taskRunId: string,
  version: number,
  state: ParsedState,
): Promise<StateWriteResult> {
  return applyTaskRunState(store, tenantId, taskRunId, version, state);
}

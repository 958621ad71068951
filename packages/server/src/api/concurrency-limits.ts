import { randomUUID } from 'node:crypto';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { ConcurrencyLimitTable } from '../database/tables.js';
import { nowIso } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import type { Store } from './store.js';
import { checkId } from './validation.js';

/** Whether the flow `flowId` names has a concurrency limit (its flow group's), as an SQL condition. */
export function flowHasConcurrencyLimit(flowId: Expression<string>): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from flow f join concurrency_limit l on l.tenant_id = f.tenant_id
    and l.kind = 'FLOW' and l.key = f.flow_group_id where f.id = ${flowId})`;
}

/** What a limit counts: Running task runs of tasks with a tag, or Running flow runs of a flow group. */
export type ConcurrencyLimitKind = 'TASK_TAG' | 'FLOW';

/** A concurrency limit as the API shows it. */
export interface ConcurrencyLimitModel {
  id: string;
  kind: ConcurrencyLimitKind;
  /** The task tag (TASK_TAG). */
  tag: string | null;
  /** The flow group (FLOW). */
  flowGroupId: string | null;
  /** The name of the group's newest flow (FLOW). */
  flowName: string | null;
  slots: number;
  /** Slots taken now. */
  running: number;
  created: string;
  updated: string;
}

/** How the API enforces limits. */
export interface ConcurrencySettings {
  /** A run refused a slot is stored `Queued`, due again after this many milliseconds. @default 30_000 */
  queueIntervalMs: number;
  /**
   * A Running flow run whose last heartbeat is older than this holds no slot of its flow's
   * limit (its process is gone; the zombie killer uses the same timeout). @default 120_000
   */
  heartbeatTimeoutMs: number;
}

export const DEFAULT_CONCURRENCY: ConcurrencySettings = {
  queueIntervalMs: 30_000,
  heartbeatTimeoutMs: 120_000,
};

/** Which limit an input names: `tag`, or `flowId` (its group) or `flowGroupId`; exactly one. */
export interface LimitTarget {
  tag?: string | null;
  flowId?: string | null;
  flowGroupId?: string | null;
}

const MAX_SLOTS = 100_000;

/** The states that hold a slot: a run that started and has not ended. */
const RUNNING_STATES = ['Running', 'Cancelling'];

/** `task.tags` (a sorted JSON array) contains `tag`. */
function tagged(store: Store, tag: string): Expression<SqlBool> {
  return store.kind === 'postgres'
    ? sql<SqlBool>`k.tags ? ${tag}`
    : sql<SqlBool>`exists (select 1 from json_each(k.tags) where value = ${tag})`;
}

async function resolveTarget(
  store: Store,
  tenantId: string,
  target: LimitTarget,
): Promise<{ kind: ConcurrencyLimitKind; key: string; flowGroupId: string | null }> {
  const given = [target.tag, target.flowId, target.flowGroupId].filter((v) => v != null);
  if (given.length !== 1) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: 'Name exactly one of tag (a task tag), flowId or flowGroupId (a flow: every version of it).',
    });
  }
  if (target.tag != null) {
    const tag = target.tag.trim();
    if (tag === '' || tag.length > 255) {
      throw new ApiError({ code: 'BAD_USER_INPUT', message: 'tag must be 1 to 255 characters.' });
    }
    return { kind: 'TASK_TAG', key: tag, flowGroupId: null };
  }
  const group = target.flowId
    ? await store.db
        .selectFrom('flow')
        .select('flow_group_id as id')
        .where('id', '=', checkId(target.flowId, 'flowId'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst()
    : await store.db
        .selectFrom('flow_group')
        .select('id')
        .where('id', '=', checkId(target.flowGroupId!, 'flowGroupId'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
  if (!group) {
    throw new ApiError({
      code: 'NOT_FOUND',
      message: `${target.flowId ? `Flow ${target.flowId}` : `Flow group ${target.flowGroupId}`} was not found in this tenant.`,
    });
  }
  return { kind: 'FLOW', key: group.id, flowGroupId: group.id };
}

/** Sets (creates or changes) the limit on a task tag or a flow; `slots` 0 holds every run back. */
export async function setConcurrencyLimit(
  store: Store,
  tenantId: string,
  input: LimitTarget & { slots: number },
): Promise<string> {
  if (!Number.isInteger(input.slots) || input.slots < 0 || input.slots > MAX_SLOTS) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `slots must be a whole number from 0 to ${MAX_SLOTS} (0 holds every run back).`,
    });
  }
  const { kind, key, flowGroupId } = await resolveTarget(store, tenantId, input);
  const now = nowIso();
  const row = await store.db
    .insertInto('concurrency_limit')
    .values({
      id: randomUUID(),
      tenant_id: tenantId,
      kind,
      key,
      flow_group_id: flowGroupId,
      slots: input.slots,
      created: now,
      updated: now,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'kind', 'key']).doUpdateSet({ slots: input.slots, updated: now }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Deletes the limit on a task tag or a flow; false when there was none. */
export async function deleteConcurrencyLimit(
  store: Store,
  tenantId: string,
  target: LimitTarget,
): Promise<boolean> {
  const { kind, key } = await resolveTarget(store, tenantId, target);
  const result = await store.db
    .deleteFrom('concurrency_limit')
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Every limit of the tenant with the slots taken now: tags first, then flows, by name. */
export async function listConcurrencyLimits(
  store: Store,
  tenantId: string,
  settings: ConcurrencySettings,
  ids?: readonly string[],
): Promise<ConcurrencyLimitModel[]> {
  const rows = await store.db
    .selectFrom('concurrency_limit')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .$if(ids !== undefined, (q) => q.where('id', 'in', ids!.length ? [...ids!] : ['']))
    .orderBy('kind', 'desc')
    .orderBy('key')
    .execute();
  const models: ConcurrencyLimitModel[] = [];
  for (const row of rows) models.push(await toModel(store, tenantId, row, settings));
  return models;
}

async function toModel(
  store: Store,
  tenantId: string,
  row: ConcurrencyLimitTable,
  settings: ConcurrencySettings,
): Promise<ConcurrencyLimitModel> {
  const flow =
    row.kind === 'FLOW'
      ? await store.db
          .selectFrom('flow')
          .select('name')
          .where('flow_group_id', '=', row.key)
          .orderBy('version', 'desc')
          .executeTakeFirst()
      : undefined;
  return {
    id: row.id,
    kind: row.kind as ConcurrencyLimitKind,
    tag: row.kind === 'TASK_TAG' ? row.key : null,
    flowGroupId: row.flow_group_id,
    flowName: flow?.name ?? null,
    slots: row.slots,
    running: await slotsTaken(store, tenantId, row, null, settings),
    created: row.created,
    updated: row.updated,
  };
}

/** How many slots of `limit` are taken, not counting run `exceptId`. */
async function slotsTaken(
  store: Store,
  tenantId: string,
  limit: Pick<ConcurrencyLimitTable, 'kind' | 'key'>,
  exceptId: string | null,
  settings: ConcurrencySettings,
): Promise<number> {
  if (limit.kind === 'TASK_TAG') {
    const row = await store.db
      .selectFrom('task_run as t')
      .innerJoin('task as k', 'k.id', 't.task_id')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('t.tenant_id', '=', tenantId)
      .where('t.state', 'in', RUNNING_STATES)
      .where(tagged(store, limit.key))
      .$if(exceptId !== null, (q) => q.where('t.id', '!=', exceptId!))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
  const liveSince = new Date(Date.now() - settings.heartbeatTimeoutMs).toISOString();
  const row = await store.db
    .selectFrom('flow_run as r')
    .innerJoin('flow as f', 'f.id', 'r.flow_id')
    .innerJoin('flow_group as g', 'g.id', 'f.flow_group_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('r.tenant_id', '=', tenantId)
    .where('f.flow_group_id', '=', limit.key)
    .where('r.state', 'in', RUNNING_STATES)
    .where((eb) => eb.or([eb('g.heartbeat_enabled', '=', 0), eb('r.heartbeat', '>=', liveSince)]))
    .$if(exceptId !== null, (q) => q.where('r.id', '!=', exceptId!))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Locks the limits that apply (PostgreSQL: `FOR UPDATE` on their rows, in id order, so writers
 * on any replica take slots one after another; SQLite has one writer) and says why the run may
 * not start, or null when every limit has a free slot. Must run inside the transaction that
 * then writes the state.
 */
async function refusal(
  store: Store,
  tenantId: string,
  kind: ConcurrencyLimitKind,
  keys: readonly string[],
  runId: string,
  settings: ConcurrencySettings,
): Promise<string | null> {
  if (keys.length === 0) return null;
  let query = store.db
    .selectFrom('concurrency_limit')
    .select(['id', 'kind', 'key', 'slots'])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('key', 'in', [...keys])
    .orderBy('id');
  if (store.kind === 'postgres') query = query.forUpdate();
  const limits = await query.execute();
  for (const limit of limits) {
    const taken = await slotsTaken(store, tenantId, limit, runId, settings);
    if (taken >= limit.slots) {
      const what = kind === 'TASK_TAG' ? `task tag "${limit.key}"` : 'this flow';
      return `Queued: the concurrency limit of ${what} (${limit.slots}) is reached; it starts when a slot frees.`;
    }
  }
  return null;
}

/** Why task run `taskRunId`, of a task with `tags`, may not start now (a tag limit is full), or null. */
export function taskRunSlotRefusal(
  store: Store,
  tenantId: string,
  taskRunId: string,
  tags: readonly string[],
  settings: ConcurrencySettings,
): Promise<string | null> {
  return refusal(store, tenantId, 'TASK_TAG', tags, taskRunId, settings);
}

/** Why flow run `flowRunId`, of a flow in `flowGroupId`, may not start now (its flow's limit is full), or null. */
export function flowRunSlotRefusal(
  store: Store,
  tenantId: string,
  flowRunId: string,
  flowGroupId: string,
  settings: ConcurrencySettings,
): Promise<string | null> {
  return refusal(store, tenantId, 'FLOW', [flowGroupId], flowRunId, settings);
}

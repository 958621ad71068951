import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { JsonSchema } from '@headwater/core';
import { z } from 'zod';
import type { EdgeTable, FlowTable, TaskTable } from '../database/tables.js';
import { nowIso, toJson } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import { chunk } from './chunk.js';
import { cancelScheduledRuns } from './flow-runs.js';
import { effectiveSchedule, type FlowWithGroup, selectFlowWithGroupById } from './flow-with-group.js';
import { sanitizeInput } from './input-sanitizer.js';
import type { ApiLimits } from './limits.js';
import { type FlowModel, type FlowParameterModel, toFlow } from './models.js';
import { resolveProjectId } from './projects.js';
import {
  checkScheduleParameters,
  deleteUnstartedAutoRuns,
  scheduleFlowRuns,
  scheduleParameterGap,
} from './scheduling.js';
import { parseSerializedFlow, retryDelaySeconds, triggerName } from './serialized-flow.js';
import type { Store } from './store.js';
import { checkId, validate } from './validation.js';

/** Inputs of createFlow, once the `createFlowInput` scalar has been read. */
export interface CreateFlowInput {
  projectId?: string | null;
  serializedFlow: unknown;
  setScheduleActive?: boolean | null;
  versionGroupId?: string | null;
  idempotencyKey?: string | null;
  description?: string | null;
}

const createFlowInputShape = z.strictObject({
  projectId: z.string().nullish(),
  serializedFlow: z.unknown().refine((v) => v !== undefined, 'is required'),
  setScheduleActive: z.boolean().nullish(),
  versionGroupId: z.string().min(1).max(255).nullish(),
  idempotencyKey: z.string().max(255).nullish(),
  description: z.string().max(100_000).nullish(),
});

/**
 * Reads the `createFlowInput` scalar: `{ projectId?, serializedFlow, … }`, or a bare
 * serialized flow (an object with `name` and `__version__` but no `serializedFlow`).
 */
export function readCreateFlowInput(value: unknown): CreateFlowInput {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message:
        'Invalid createFlowInput: expected an object { projectId, serializedFlow, … } or a serialized flow.',
    });
  }
  if (!('serializedFlow' in value) && '__version__' in value && 'name' in value) {
    return { serializedFlow: value };
  }
  return validate(createFlowInputShape, value, 'createFlowInput') as CreateFlowInput;
}

/**
 * Decodes `createFlowFromCompressedString`'s base64(gzip(JSON)) and checks the flow with
 * {@link sanitizeInput}, as the arguments of every operation are.
 */
export function decompressFlow(value: string, limits: ApiLimits): unknown {
  let flow: unknown;
  try {
    const json = gunzipSync(Buffer.from(value, 'base64'), { maxOutputLength: limits.flowBytes });
    flow = JSON.parse(json.toString('utf8'));
  } catch (cause) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Unable to decompress the serialized flow: expected base64 of gzipped JSON no larger than ${limits.flowBytes} bytes.`,
      cause,
    });
  }
  sanitizeInput({ serializedFlow: flow }, 'input', { maxDepth: limits.jsonDepth });
  return flow;
}

/** Loads a flow of the tenant, with its group's settings (one query), or throws NOT_FOUND. */
export async function requireFlow(store: Store, tenantId: string, flowId: string): Promise<FlowWithGroup> {
  checkId(flowId, 'flowId');
  const row = await selectFlowWithGroupById(store.db, flowId, tenantId);
  if (!row)
    throw new ApiError({ code: 'NOT_FOUND', message: `Flow ${flowId} was not found in this tenant.` });
  return row;
}

/**
 * Registers a flow as a new version of its version group, extracting tasks and edges, and
 * archives the group's other versions. Must run inside a transaction.
 */
export async function createFlow(
  store: Store,
  tenantId: string,
  input: CreateFlowInput,
  limits: ApiLimits,
): Promise<{ flow: FlowModel; created: boolean }> {
  const serialized = parseSerializedFlow(input.serializedFlow, limits);
  const projectId = await resolveProjectId(store, tenantId, input.projectId);
  const tasks = serialized.tasks ?? [];
  const edges = serialized.edges ?? [];

  const slugs = new Set<string>();
  for (const [index, task] of tasks.entries()) {
    if (slugs.has(task.slug)) {
      throw new ApiError({
        code: 'BAD_USER_INPUT',
        message: `Invalid serialized flow at tasks.${index}.slug: the slug "${task.slug}" is used by two tasks; slugs are unique per flow.`,
      });
    }
    slugs.add(task.slug);
  }
  for (const [index, edge] of edges.entries()) {
    for (const end of ['upstream_task', 'downstream_task'] as const) {
      if (!slugs.has(edge[end].slug)) {
        throw new ApiError({
          code: 'BAD_USER_INPUT',
          message: `Edges could not be registered: edges.${index}.${end} refers to the task slug "${edge[end].slug}", which is not among the flow's tasks.`,
        });
      }
    }
  }
  const declaredReferences = (serialized.reference_tasks ?? []).map((r) => r.slug);
  for (const slug of declaredReferences) {
    if (!slugs.has(slug)) {
      throw new ApiError({
        code: 'BAD_USER_INPUT',
        message: `Invalid serialized flow at reference_tasks: "${slug}" is not among the flow's tasks.`,
      });
    }
  }

  let versionGroupId = input.versionGroupId ?? null;
  if (versionGroupId === null) {
    const previous = await store.db
      .selectFrom('flow')
      .select('version_group_id')
      .where('tenant_id', '=', tenantId)
      .where('project_id', '=', projectId)
      .where('name', '=', serialized.name)
      .orderBy('created', 'desc')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    versionGroupId = previous?.version_group_id ?? randomUUID();
  }

  const now = nowIso();
  await store.db
    .insertInto('flow_group')
    .values({
      id: randomUUID(),
      tenant_id: tenantId,
      version_group_id: versionGroupId,
      idempotency_key: null,
      heartbeat_enabled: 1,
      lazarus_enabled: 1,
      created: now,
      updated: now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'version_group_id']).doNothing())
    .execute();
  let groupQuery = store.db
    .selectFrom('flow_group')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('version_group_id', '=', versionGroupId);
  // Serialises registrations into one group across server replicas.
  if (store.kind === 'postgres') groupQuery = groupQuery.forUpdate();
  const group = await groupQuery.executeTakeFirstOrThrow();

  const idempotencyKey = input.idempotencyKey ?? null;
  if (idempotencyKey !== null && group.idempotency_key === idempotencyKey) {
    const existing = await store.db
      .selectFrom('flow')
      .selectAll()
      .where('flow_group_id', '=', group.id)
      .where('archived', '=', 0)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (existing) return { flow: toFlow(existing), created: false };
  }
  await store.db
    .updateTable('flow_group')
    .set({ idempotency_key: idempotencyKey, updated: now })
    .where('id', '=', group.id)
    .execute();

  const latest = await store.db
    .selectFrom('flow')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('flow_group_id', '=', group.id)
    .executeTakeFirst();
  const version = Number(latest?.version ?? 0) + 1;

  const parameters: FlowParameterModel[] = (serialized.parameters ?? []).map((p) => ({
    name: p.name,
    slug: p.slug ?? p.name,
    required: Boolean(p.required) && p.default == null,
    default: p.default ?? null,
    ...(p.schema == null ? {} : { schema: p.schema.json_schema as JsonSchema }),
  }));
  const labels = [...new Set(serialized.environment?.labels ?? [])].sort();
  const schedule = serialized.schedule ?? null;
  const flowId = randomUUID();
  const flowRow: FlowTable = {
    id: flowId,
    tenant_id: tenantId,
    project_id: projectId,
    flow_group_id: group.id,
    version_group_id: versionGroupId,
    name: serialized.name,
    version,
    archived: 0,
    description: input.description ?? serialized.description ?? null,
    serialized_flow: toJson(input.serializedFlow),
    environment: toJson(serialized.environment ?? null),
    storage: toJson(serialized.storage ?? null),
    storage_type: serialized.storage?.type ?? null,
    parameters: toJson(parameters),
    schedule: toJson(schedule),
    is_schedule_active: 0,
    core_version: serialized.__version__,
    labels: toJson(labels),
    idempotency_key: idempotencyKey,
    created: now,
    updated: now,
  };
  await store.db.insertInto('flow').values(flowRow).execute();

  const hasUpstream = new Set(edges.map((e) => e.downstream_task.slug));
  const hasDownstream = new Set(edges.map((e) => e.upstream_task.slug));
  const mappedInto = new Set(edges.filter((e) => e.mapped).map((e) => e.downstream_task.slug));
  const references = new Set(
    declaredReferences.length
      ? declaredReferences
      : tasks.map((t) => t.slug).filter((s) => !hasDownstream.has(s)),
  );
  const taskIds = new Map<string, string>();
  const taskRows: TaskTable[] = tasks.map((task) => {
    const id = randomUUID();
    taskIds.set(task.slug, id);
    return {
      id,
      tenant_id: tenantId,
      flow_id: flowId,
      name: task.name ?? task.slug,
      slug: task.slug,
      type: task.type ?? null,
      description: task.description ?? null,
      tags: toJson([...new Set(task.tags ?? [])].sort()),
      max_retries: task.max_retries ?? 0,
      retry_delay: retryDelaySeconds(task.retry_delay),
      trigger: triggerName(task.trigger),
      mapped: mappedInto.has(task.slug) ? 1 : 0,
      auto_generated: task.auto_generated ? 1 : 0,
      is_root_task: hasUpstream.has(task.slug) ? 0 : 1,
      is_terminal_task: hasDownstream.has(task.slug) ? 0 : 1,
      is_reference_task: references.has(task.slug) ? 1 : 0,
    };
  });
  for (const rows of chunk(taskRows, 200)) await store.db.insertInto('task').values(rows).execute();
  const edgeRows: EdgeTable[] = edges.map((edge) => ({
    id: randomUUID(),
    tenant_id: tenantId,
    flow_id: flowId,
    upstream_task_id: taskIds.get(edge.upstream_task.slug)!,
    downstream_task_id: taskIds.get(edge.downstream_task.slug)!,
    key: edge.key ?? null,
    mapped: edge.mapped ? 1 : 0,
  }));
  for (const rows of chunk(edgeRows, 200)) await store.db.insertInto('edge').values(rows).execute();

  const others = await store.db
    .selectFrom('flow')
    .select('id')
    .where('flow_group_id', '=', group.id)
    .where('id', '!=', flowId)
    .where('archived', '=', 0)
    .execute();
  for (const other of others) await archiveFlowRow(store, tenantId, other.id);

  let flow: FlowWithGroup & Pick<FlowTable, 'serialized_flow'> = {
    ...flowRow,
    group_schedule: group.schedule,
    group_default_parameters: group.default_parameters,
    group_labels: group.labels,
  };
  if (
    input.setScheduleActive !== false &&
    effectiveSchedule(flow) != null &&
    scheduleParameterGap(flow) === null
  ) {
    flow = await activateSchedule(store, tenantId, flow);
  }
  return { flow: toFlow(flow), created: true };
}

async function archiveFlowRow(store: Store, tenantId: string, flowId: string): Promise<void> {
  const now = nowIso();
  await store.db
    .updateTable('flow')
    .set({ archived: 1, is_schedule_active: 0, updated: now })
    .where('id', '=', flowId)
    .execute();
  await cancelScheduledRuns(store, tenantId, flowId, `Flow ${flowId} was archived.`);
}

/** Archives a flow (no new runs; pending scheduled runs removed or cancelled). In a transaction. */
export async function archiveFlow(store: Store, tenantId: string, flowId: string): Promise<void> {
  await requireFlow(store, tenantId, flowId);
  await archiveFlowRow(store, tenantId, flowId);
}

/** Deletes a flow with its runs, states and logs. */
export async function deleteFlow(store: Store, tenantId: string, flowId: string): Promise<void> {
  await requireFlow(store, tenantId, flowId);
  await store.db.deleteFrom('flow').where('id', '=', flowId).where('tenant_id', '=', tenantId).execute();
}

async function activateSchedule<F extends FlowWithGroup>(
  store: Store,
  tenantId: string,
  flow: F,
): Promise<F> {
  const values = { is_schedule_active: 1, updated: nowIso() };
  await store.db.updateTable('flow').set(values).where('id', '=', flow.id).execute();
  const updated = { ...flow, ...values };
  await scheduleFlowRuns(store, tenantId, updated, new Date());
  return updated;
}

/** The distinct storage types of the tenant's unarchived flows, sorted (flows without storage left out). */
export async function listStorageTypes(store: Store, tenantId: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('flow')
    .select('storage_type')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('archived', '=', 0)
    .where('storage_type', 'is not', null)
    .execute();
  // Sorted here, by code point: the database's collation may differ between engines.
  return rows.map((row) => row.storage_type!).sort();
}

/** Turns a flow's schedule on and schedules its next runs. In a transaction. */
export async function setScheduleActive(store: Store, tenantId: string, flowId: string): Promise<void> {
  const flow = await requireFlow(store, tenantId, flowId);
  if (flow.archived) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Flow ${flowId} is archived; archived flows take no runs.`,
    });
  }
  if (effectiveSchedule(flow) == null) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Flow ${flowId} has no schedule, and neither has its flow group. Give the group one (setFlowGroupSchedule), or give the flow a schedule and register it again.`,
    });
  }
  checkScheduleParameters(flow);
  await activateSchedule(store, tenantId, flow);
}

/** Turns a flow's schedule off and deletes its auto-scheduled runs still Scheduled. */
export async function setScheduleInactive(store: Store, tenantId: string, flowId: string): Promise<void> {
  await requireFlow(store, tenantId, flowId);
  await store.db
    .updateTable('flow')
    .set({ is_schedule_active: 0, updated: nowIso() })
    .where('id', '=', flowId)
    .execute();
  await deleteUnstartedAutoRuns(store, { flowId });
}

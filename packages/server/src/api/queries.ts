import { isStateType, stateTypesOf } from '@headwater/core';
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Tables } from '../database/tables.js';
import { toJson } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import type { ApiLimits } from './limits.js';
import {
  type FlowModel,
  type FlowRunModel,
  type Page,
  type StateRecordModel,
  type TaskRunModel,
  toFlow,
  toFlowRun,
  toStateRecord,
  toTaskRun,
} from './models.js';
import type { Store } from './store.js';
import { checkId, decodeCursor, encodeCursor, isoInput, pageSize } from './validation.js';

function checkStates(states: readonly string[], what: string): string[] {
  for (const state of states) {
    if (!isStateType(state)) {
      throw new ApiError({
        code: 'BAD_USER_INPUT',
        message: `Unknown state type "${state.slice(0, 64)}" in ${what}.`,
      });
    }
  }
  return [...states];
}

export interface FlowFilter {
  ids?: readonly string[] | null;
  projectId?: string | null;
  projectName?: string | null;
  name?: string | null;
  versionGroupId?: string | null;
  archived?: boolean | null;
  isScheduleActive?: boolean | null;
}

/** Flows ordered by name, version descending; the latest of each version group unless `allVersions`. */
export async function listFlows(
  store: Store,
  tenantId: string,
  filter: FlowFilter | null | undefined,
  allVersions: boolean,
  page: { first?: number | null; after?: string | null },
  limits: ApiLimits,
): Promise<Page<FlowModel>> {
  const size = pageSize(page.first, limits);
  const cursor = decodeCursor(page.after, 3);
  let query = store.db.selectFrom('flow as f').where('f.tenant_id', '=', tenantId);
  if (filter?.ids != null)
    query = query.where('f.id', 'in', filter.ids.length ? filter.ids.map((id) => checkId(id, 'ids')) : ['']);
  if (filter?.projectId != null)
    query = query.where('f.project_id', '=', checkId(filter.projectId, 'projectId'));
  if (filter?.projectName != null) {
    query = query.where('f.project_id', 'in', (eb) =>
      eb
        .selectFrom('project')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('name', '=', filter.projectName!),
    );
  }
  if (filter?.name != null) query = query.where('f.name', '=', filter.name);
  if (filter?.versionGroupId != null) query = query.where('f.version_group_id', '=', filter.versionGroupId);
  if (filter?.archived != null) query = query.where('f.archived', '=', filter.archived ? 1 : 0);
  if (filter?.isScheduleActive != null)
    query = query.where('f.is_schedule_active', '=', filter.isScheduleActive ? 1 : 0);
  if (!allVersions) {
    query = query.where('f.id', '=', (eb) =>
      eb
        .selectFrom('flow as latest')
        .select('latest.id')
        .whereRef('latest.flow_group_id', '=', 'f.flow_group_id')
        .$if(filter?.archived === false, (q) => q.where('latest.archived', '=', 0))
        .orderBy('latest.archived')
        .orderBy('latest.version', 'desc')
        .limit(1),
    );
  }
  const count = async () =>
    Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  let pageQuery = query.selectAll('f');
  if (cursor) {
    const [name, version, id] = cursor as [string, number, string];
    pageQuery = pageQuery.where((eb) =>
      eb.or([
        eb('f.name', '>', name),
        eb.and([eb('f.name', '=', name), eb('f.version', '<', Number(version))]),
        eb.and([eb('f.name', '=', name), eb('f.version', '=', Number(version)), eb('f.id', '>', id)]),
      ]),
    );
  }
  const rows = await pageQuery
    .orderBy('f.name')
    .orderBy('f.version', 'desc')
    .orderBy('f.id')
    .limit(size + 1)
    .execute();
  const nodes = rows.slice(0, size).map(toFlow);
  const last = nodes.at(-1);
  return {
    nodes,
    hasNextPage: rows.length > size,
    endCursor: last ? encodeCursor([last.name, last.version, last.id]) : null,
    count,
  };
}

export interface FlowRunFilter {
  ids?: readonly string[] | null;
  flowId?: string | null;
  versionGroupId?: string | null;
  projectId?: string | null;
  states?: readonly string[] | null;
  stateGroup?: string | null;
  scheduledAfter?: string | null;
  scheduledBefore?: string | null;
  startedAfter?: string | null;
  startedBefore?: string | null;
  updatedAfter?: string | null;
  labels?: readonly string[] | null;
  name?: string | null;
  search?: string | null;
  autoScheduled?: boolean | null;
}

export type FlowRunOrder =
  | 'SCHEDULED_START_TIME_DESC'
  | 'SCHEDULED_START_TIME_ASC'
  | 'CREATED_DESC'
  | 'UPDATED_DESC';

const ORDER_COLUMNS = {
  SCHEDULED_START_TIME_DESC: ['scheduled_start_time', 'desc'],
  SCHEDULED_START_TIME_ASC: ['scheduled_start_time', 'asc'],
  CREATED_DESC: ['created', 'desc'],
  UPDATED_DESC: ['updated', 'desc'],
} as const;

/** A case-insensitive `like` pattern matching text that contains `search` (its `%`, `_` and `\` taken literally). */
export function containsPattern(search: string): string {
  return `%${search
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Applies a flow-run filter to a query on `flow_run as r`. */
export function filterFlowRuns<O>(
  store: Store,
  tenantId: string,
  query: SelectQueryBuilder<Tables & { r: Tables['flow_run'] }, 'r', O>,
  filter: FlowRunFilter | null | undefined,
): SelectQueryBuilder<Tables & { r: Tables['flow_run'] }, 'r', O> {
  let q = query.where('r.tenant_id', '=', tenantId);
  if (!filter) return q;
  if (filter.ids != null)
    q = q.where('r.id', 'in', filter.ids.length ? filter.ids.map((id) => checkId(id, 'ids')) : ['']);
  if (filter.flowId != null) q = q.where('r.flow_id', '=', checkId(filter.flowId, 'flowId'));
  if (filter.versionGroupId != null) {
    q = q.where('r.flow_id', 'in', (eb) =>
      eb
        .selectFrom('flow')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('version_group_id', '=', filter.versionGroupId!),
    );
  }
  if (filter.projectId != null) {
    const projectId = checkId(filter.projectId, 'projectId');
    q = q.where('r.flow_id', 'in', (eb) =>
      eb
        .selectFrom('flow')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('project_id', '=', projectId),
    );
  }
  if (filter.states != null)
    q = q.where('r.state', 'in', filter.states.length ? checkStates(filter.states, 'states') : ['']);
  if (filter.stateGroup != null) {
    const [group] = checkStates([filter.stateGroup], 'stateGroup');
    q = q.where('r.state', 'in', stateTypesOf(group as never));
  }
  const scheduledAfter = isoInput(filter.scheduledAfter, 'scheduledAfter');
  const scheduledBefore = isoInput(filter.scheduledBefore, 'scheduledBefore');
  const startedAfter = isoInput(filter.startedAfter, 'startedAfter');
  const startedBefore = isoInput(filter.startedBefore, 'startedBefore');
  const updatedAfter = isoInput(filter.updatedAfter, 'updatedAfter');
  if (scheduledAfter) q = q.where('r.scheduled_start_time', '>=', scheduledAfter);
  if (scheduledBefore) q = q.where('r.scheduled_start_time', '<', scheduledBefore);
  if (startedAfter) q = q.where('r.start_time', '>=', startedAfter);
  if (startedBefore) q = q.where('r.start_time', '<', startedBefore);
  if (updatedAfter) q = q.where('r.updated', '>', updatedAfter);
  if (filter.name != null) q = q.where('r.name', '=', filter.name);
  if (filter.search != null && filter.search.trim() !== '') {
    const pattern = containsPattern(filter.search);
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(r.name)`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(
          'r.flow_id',
          'in',
          eb
            .selectFrom('flow')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where(sql`lower(name)`, 'like', sql<string>`${pattern} escape '\\'`),
        ),
      ]),
    );
  }
  if (filter.autoScheduled != null) q = q.where('r.auto_scheduled', '=', filter.autoScheduled ? 1 : 0);
  if (filter.labels != null && filter.labels.length > 0) {
    if (store.kind === 'postgres') {
      q = q.where(sql<boolean>`r.labels @> ${toJson([...filter.labels])}::jsonb`);
    } else {
      for (const label of filter.labels) {
        q = q.where(
          sql<boolean>`exists (select 1 from json_each(r.labels) where json_each.value = ${label})`,
        );
      }
    }
  }
  return q;
}

/** Flow runs, filtered and ordered, one page. */
export async function listFlowRuns(
  store: Store,
  tenantId: string,
  filter: FlowRunFilter | null | undefined,
  orderBy: FlowRunOrder,
  page: { first?: number | null; after?: string | null },
  limits: ApiLimits,
): Promise<Page<FlowRunModel>> {
  const size = pageSize(page.first, limits);
  const cursor = decodeCursor(page.after, 2);
  const [column, direction] = ORDER_COLUMNS[orderBy] ?? ORDER_COLUMNS.SCHEDULED_START_TIME_DESC;
  const query = filterFlowRuns(store, tenantId, store.db.selectFrom('flow_run as r'), filter);
  const count = async () =>
    Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  let pageQuery = query.selectAll('r');
  if (cursor) {
    const [value, id] = cursor as [string, string];
    const op = direction === 'desc' ? '<' : '>';
    pageQuery = pageQuery.where((eb) =>
      eb.or([eb(`r.${column}`, op, value), eb.and([eb(`r.${column}`, '=', value), eb('r.id', op, id)])]),
    );
  }
  const rows = await pageQuery
    .orderBy(`r.${column}`, direction)
    .orderBy('r.id', direction)
    .limit(size + 1)
    .execute();
  const nodes = rows.slice(0, size).map(toFlowRun);
  const lastRow = rows.slice(0, size).at(-1);
  return {
    nodes,
    hasNextPage: rows.length > size,
    endCursor: lastRow ? encodeCursor([lastRow[column], lastRow.id]) : null,
    count,
  };
}

export interface TaskRunFilter {
  flowRunId?: string | null;
  flowRunIds?: readonly string[] | null;
  taskId?: string | null;
  states?: readonly string[] | null;
  mapIndex?: number | null;
}

/** Task runs of one or more flow runs, ordered by task slug and map index. */
export async function listTaskRuns(
  store: Store,
  tenantId: string,
  filter: TaskRunFilter,
  page: { first?: number | null; after?: string | null },
  limits: ApiLimits,
): Promise<Page<TaskRunModel>> {
  const size = pageSize(page.first, limits);
  const cursor = decodeCursor(page.after, 3);
  if (filter.flowRunId == null && filter.flowRunIds == null && filter.taskId == null) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: 'taskRuns needs a flowRunId, flowRunIds or taskId filter.',
    });
  }
  let query = store.db.selectFrom('task_run').where('tenant_id', '=', tenantId);
  if (filter.flowRunId != null)
    query = query.where('flow_run_id', '=', checkId(filter.flowRunId, 'flowRunId'));
  if (filter.flowRunIds != null) {
    query = query.where(
      'flow_run_id',
      'in',
      filter.flowRunIds.length ? filter.flowRunIds.map((id) => checkId(id, 'flowRunIds')) : [''],
    );
  }
  if (filter.taskId != null) query = query.where('task_id', '=', checkId(filter.taskId, 'taskId'));
  if (filter.states != null)
    query = query.where('state', 'in', filter.states.length ? checkStates(filter.states, 'states') : ['']);
  if (filter.mapIndex != null) query = query.where('map_index', '=', filter.mapIndex);
  const count = async () =>
    Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  let pageQuery = query.selectAll();
  if (cursor) {
    const [slug, mapIndex, id] = cursor as [string, number, string];
    pageQuery = pageQuery.where((eb) =>
      eb.or([
        eb('task_slug', '>', slug),
        eb.and([eb('task_slug', '=', slug), eb('map_index', '>', Number(mapIndex))]),
        eb.and([eb('task_slug', '=', slug), eb('map_index', '=', Number(mapIndex)), eb('id', '>', id)]),
      ]),
    );
  }
  const rows = await pageQuery
    .orderBy('task_slug')
    .orderBy('map_index')
    .orderBy('id')
    .limit(size + 1)
    .execute();
  const nodes = rows.slice(0, size).map(toTaskRun);
  const last = nodes.at(-1);
  return {
    nodes,
    hasNextPage: rows.length > size,
    endCursor: last ? encodeCursor([last.taskSlug, last.mapIndex, last.id]) : null,
    count,
  };
}

/** A flow run's state history, oldest first; empty for an unknown run. */
export async function flowRunStates(
  store: Store,
  tenantId: string,
  flowRunId: string,
): Promise<StateRecordModel[]> {
  checkId(flowRunId, 'flowRunId');
  const rows = await store.db
    .selectFrom('flow_run_state')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('flow_run_id', '=', flowRunId)
    .orderBy('version')
    .execute();
  return rows.map(toStateRecord);
}

/** A task run's state history, oldest first; empty for an unknown run. */
export async function taskRunStates(
  store: Store,
  tenantId: string,
  taskRunId: string,
): Promise<StateRecordModel[]> {
  checkId(taskRunId, 'taskRunId');
  const rows = await store.db
    .selectFrom('task_run_state')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('task_run_id', '=', taskRunId)
    .orderBy('version')
    .execute();
  return rows.map(toStateRecord);
}

import { randomUUID } from 'node:crypto';
import { type Insertable, type Selectable, sql } from 'kysely';
import { z } from 'zod';
import type { LogTable } from '../database/tables.js';
import { nowIso, toIso, toJson } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import { chunk } from './chunk.js';
import type { ApiLimits } from './limits.js';
import { type LogLevelName, type LogModel, type LogPage, toLog } from './models.js';
import { type Store, transact } from './store.js';
import {
  checkId,
  decodeCursor,
  encodeCursor,
  isoInput,
  optionalShortTextSchema,
  pageSize,
  validate,
} from './validation.js';

/** Numeric rank of each level, for `minLevel`. */
export const LOG_LEVELS: Record<LogLevelName, number> = {
  DEBUG: 10,
  INFO: 20,
  WARNING: 30,
  ERROR: 40,
  CRITICAL: 50,
};

/** One log line as writeRunLogs receives it. */
export interface RunLogInput {
  flowRunId: string;
  taskRunId?: string | null;
  timestamp?: string | null;
  level?: LogLevelName | null;
  name?: string | null;
  message: string;
  info?: unknown;
}

/**
 * Appends log lines, all or none, in one transaction; every run they name must be in the
 * tenant. Returns the stored lines.
 */
export async function writeRunLogs(
  store: Store,
  tenantId: string,
  logs: readonly RunLogInput[],
  limits: ApiLimits,
): Promise<LogModel[]> {
  if (logs.length > limits.logsPerCall) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      limit: 'logsPerCall',
      message: `Too many log lines in one call (${logs.length}; the limit is ${limits.logsPerCall}). Send them in batches.`,
    });
  }
  const messageSchema = z
    .string()
    .max(limits.logMessageLength, `must be at most ${limits.logMessageLength} characters`);
  const now = nowIso();
  const rows: Insertable<LogTable>[] = logs.map((log, index) => {
    checkId(log.flowRunId, `logs.${index}.flowRunId`);
    if (log.taskRunId != null) checkId(log.taskRunId, `logs.${index}.taskRunId`);
    const level = log.level ?? 'INFO';
    return {
      id: randomUUID(),
      tenant_id: tenantId,
      flow_run_id: log.flowRunId,
      task_run_id: log.taskRunId ?? null,
      timestamp: isoInput(log.timestamp, `logs.${index}.timestamp`) ?? now,
      level,
      level_no: LOG_LEVELS[level],
      name: validate(optionalShortTextSchema(limits), log.name, `logs.${index}.name`) ?? null,
      message: validate(messageSchema, log.message, `logs.${index}.message`),
      info: log.info === undefined || log.info === null ? null : toJson(log.info),
      created: now,
    };
  });
  if (rows.length === 0) return [];
  if (store.kind === 'postgres' && rows.length <= ONE_STATEMENT_LINES) {
    const stored = await insertIfRunsKnown(store, tenantId, rows);
    if (stored !== null) return stored;
  }
  // The lines name a run that is not the tenant's: the checks below say which.
  return transact(store, (trx) => checkAndInsert(trx, tenantId, rows));
}

/** The most lines {@link insertIfRunsKnown} writes in one statement. */
const ONE_STATEMENT_LINES = 200;

/**
 * PostgreSQL: inserts the lines in one statement that checks that every flow run they name is
 * the tenant's, and every task run one of that flow run's; null (nothing inserted) when one is not.
 */
async function insertIfRunsKnown(
  store: Store,
  tenantId: string,
  rows: Insertable<LogTable>[],
): Promise<LogModel[] | null> {
  const column = <K extends keyof Insertable<LogTable>>(key: K) => rows.map((row) => row[key] ?? null);
  // One array per column, so the statement's text (and plan) is the same for any number of lines.
  const result = await sql<Selectable<LogTable>>`
    with line as (
      select * from unnest(${column('id')}::text[], ${column('tenant_id')}::text[], ${column('flow_run_id')}::text[],
        ${column('task_run_id')}::text[], ${column('timestamp')}::timestamptz[], ${column('level')}::text[],
        ${column('level_no')}::integer[], ${column('name')}::text[], ${column('message')}::text[],
        ${column('info')}::jsonb[], ${column('created')}::timestamptz[])
        as line (id, tenant_id, flow_run_id, task_run_id, timestamp, level, level_no, name, message, info, created)
    ), unknown_run as (
      select 1 from line
      where not exists (select 1 from flow_run where flow_run.id = line.flow_run_id and flow_run.tenant_id = ${tenantId})
        or (line.task_run_id is not null and not exists (select 1 from task_run where task_run.id = line.task_run_id
          and task_run.flow_run_id = line.flow_run_id and task_run.tenant_id = ${tenantId}))
      limit 1
    )
    insert into log (id, tenant_id, flow_run_id, task_run_id, timestamp, level, level_no, name, message, info, created)
    select * from line where not exists (select 1 from unknown_run)
    returning *`.execute(store.db);
  return result.rows.length === rows.length ? result.rows.map(toLog) : null;
}

async function checkAndInsert(
  store: Store,
  tenantId: string,
  rows: Insertable<LogTable>[],
): Promise<LogModel[]> {
  const flowRunIds = [...new Set(rows.map((r) => r.flow_run_id))];
  const known = new Set<string>();
  for (const ids of chunk(flowRunIds, 500)) {
    const found = await store.db
      .selectFrom('flow_run')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .execute();
    for (const row of found) known.add(row.id);
  }
  const unknownRun = flowRunIds.find((id) => !known.has(id));
  if (unknownRun)
    throw new ApiError({
      code: 'NOT_FOUND',
      message: `Flow run ${unknownRun} was not found in this tenant.`,
    });
  const taskRunIds = [...new Set(rows.map((r) => r.task_run_id).filter((id): id is string => id != null))];
  const knownTasks = new Map<string, string>();
  for (const ids of chunk(taskRunIds, 500)) {
    const found = await store.db
      .selectFrom('task_run')
      .select(['id', 'flow_run_id'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .execute();
    for (const row of found) knownTasks.set(row.id, row.flow_run_id);
  }
  for (const row of rows) {
    if (row.task_run_id != null && knownTasks.get(row.task_run_id) !== row.flow_run_id) {
      throw new ApiError({
        code: 'NOT_FOUND',
        message: `Task run ${row.task_run_id} was not found in flow run ${row.flow_run_id}.`,
      });
    }
  }
  const stored: LogModel[] = [];
  for (const batch of chunk(rows, 200)) {
    const inserted = await store.db.insertInto('log').values(batch).returningAll().execute();
    stored.push(...inserted.map(toLog));
  }
  return stored;
}

/** Filter of the `logs` query. */
export interface LogFilter {
  flowRunId: string;
  taskRunId?: string | null;
  minLevel?: LogLevelName | null;
  levels?: readonly LogLevelName[] | null;
  search?: string | null;
  after?: string | null;
  before?: string | null;
}

/** A page of log lines, oldest first; `count` totals the whole filter. */
export async function listLogs(
  store: Store,
  tenantId: string,
  filter: LogFilter,
  page: { first?: number | null; after?: string | null },
  limits: ApiLimits,
): Promise<LogPage> {
  checkId(filter.flowRunId, 'flowRunId');
  const size = pageSize(page.first, limits);
  const cursor = decodeCursor(page.after, 2);
  let query = store.db
    .selectFrom('log')
    .where('tenant_id', '=', tenantId)
    .where('flow_run_id', '=', filter.flowRunId);
  if (filter.taskRunId != null)
    query = query.where('task_run_id', '=', checkId(filter.taskRunId, 'taskRunId'));
  if (filter.minLevel != null) query = query.where('level_no', '>=', LOG_LEVELS[filter.minLevel]);
  if (filter.levels != null)
    query = query.where('level', 'in', filter.levels.length ? [...filter.levels] : ['']);
  if (filter.search != null && filter.search !== '') {
    const pattern = `%${filter.search.slice(0, 1000).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(
      store.kind === 'postgres'
        ? sql<boolean>`message ilike ${pattern} escape '\\'`
        : sql<boolean>`message like ${pattern} escape '\\'`,
    );
  }
  const after = isoInput(filter.after, 'after');
  const before = isoInput(filter.before, 'before');
  if (after) query = query.where('timestamp', '>=', after);
  if (before) query = query.where('timestamp', '<', before);
  const count = async () =>
    Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  let pageQuery = query.selectAll();
  if (cursor) {
    const [time, seq] = cursor as [string, number];
    pageQuery = pageQuery.where((eb) =>
      eb.or([eb('timestamp', '>', time), eb.and([eb('timestamp', '=', time), eb('seq', '>', Number(seq))])]),
    );
  }
  const rows = await pageQuery
    .orderBy('timestamp')
    .orderBy('seq')
    .limit(size + 1)
    .execute();
  const nodes = rows.slice(0, size).map(toLog);
  const last = nodes.at(-1);
  return {
    nodes,
    hasNextPage: rows.length > size,
    endCursor: last ? encodeCursor([toIso(last.timestamp), last.seq]) : null,
    count,
  };
}

/** Log lines of a flow run stored after `seq`, in order (for live tails). */
export async function logsAfter(
  store: Store,
  tenantId: string,
  flowRunId: string,
  seq: number,
  minLevel: LogLevelName | null | undefined,
): Promise<LogModel[]> {
  let query = store.db
    .selectFrom('log')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('flow_run_id', '=', flowRunId)
    .where('seq', '>', seq);
  if (minLevel) query = query.where('level_no', '>=', LOG_LEVELS[minLevel]);
  return (await query.orderBy('seq').limit(1000).execute()).map(toLog);
}

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ProjectTable } from '../database/tables.js';
import { isUniqueViolation } from '../database/transaction.js';
import { nowIso } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import type { ApiLimits } from './limits.js';
import { type Page, type ProjectModel, toProject } from './models.js';
import { containsPattern } from './queries.js';
import type { Store } from './store.js';
import {
  checkId,
  decodeCursor,
  descriptionSchema,
  encodeCursor,
  nameSchema,
  pageSize,
  validate,
} from './validation.js';

function duplicateName(name: string, cause: unknown) {
  return new ApiError({
    code: 'CONFLICT',
    message: `A project named "${name}" already exists in this tenant. Choose another name.`,
    cause,
  });
}

export async function createProject(
  store: Store,
  tenantId: string,
  input: { name: string; description?: string | null },
  limits: ApiLimits,
): Promise<ProjectModel> {
  const name = validate(nameSchema(limits), input.name, 'project name');
  const description = validate(descriptionSchema(limits), input.description, 'project description') ?? null;
  const now = nowIso();
  const row: ProjectTable = {
    id: randomUUID(),
    tenant_id: tenantId,
    name,
    description,
    created: now,
    updated: now,
  };
  try {
    await store.db.insertInto('project').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(name, error);
    throw error;
  }
  return toProject(row);
}

async function updateProject(
  store: Store,
  tenantId: string,
  projectId: string,
  values: Partial<Pick<ProjectTable, 'name' | 'description'>>,
): Promise<ProjectModel> {
  checkId(projectId, 'projectId');
  try {
    const row = await store.db
      .updateTable('project')
      .set({ ...values, updated: nowIso() })
      .where('id', '=', projectId)
      .where('tenant_id', '=', tenantId)
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new ApiError({
        code: 'NOT_FOUND',
        message: `Project ${projectId} was not found in this tenant.`,
      });
    return toProject(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(values.name ?? '', error);
    throw error;
  }
}

export function renameProject(
  store: Store,
  tenantId: string,
  input: { projectId: string; name: string },
  limits: ApiLimits,
): Promise<ProjectModel> {
  const name = validate(nameSchema(limits), input.name, 'project name');
  return updateProject(store, tenantId, input.projectId, { name });
}

export function setProjectDescription(
  store: Store,
  tenantId: string,
  input: { projectId: string; description?: string | null },
  limits: ApiLimits,
): Promise<ProjectModel> {
  const description = validate(descriptionSchema(limits), input.description, 'project description') ?? null;
  return updateProject(store, tenantId, input.projectId, { description });
}

/** Deletes a project and, by cascade, its flows, runs, states and logs. */
export async function deleteProject(store: Store, tenantId: string, projectId: string): Promise<boolean> {
  checkId(projectId, 'projectId');
  const result = await store.db
    .deleteFrom('project')
    .where('id', '=', projectId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listProjects(
  store: Store,
  tenantId: string,
  name?: string | null,
): Promise<ProjectModel[]> {
  let query = store.db.selectFrom('project').selectAll().where('tenant_id', '=', tenantId);
  if (name != null) query = query.where('name', '=', name);
  return (await query.orderBy('name').orderBy('id').execute()).map(toProject);
}

/** Projects of the tenant by name (ties by id) whose name contains `search` (any case), one page. */
export async function listProjectPage(
  store: Store,
  tenantId: string,
  search: string | null | undefined,
  page: { first?: number | null; after?: string | null },
  limits: ApiLimits,
): Promise<Page<ProjectModel>> {
  const size = pageSize(page.first, limits);
  const cursor = decodeCursor(page.after, 2) as [string, string] | null;
  const query = store.db
    .selectFrom('project')
    .where('tenant_id', '=', tenantId)
    .$if(search != null && search.trim() !== '', (q) =>
      q.where(sql`lower(name)`, 'like', sql<string>`${containsPattern(search!)} escape '\\'`),
    );
  const rows = await query
    .selectAll()
    .$if(cursor !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('name', '>', cursor![0]),
          eb.and([eb('name', '=', cursor![0]), eb('id', '>', cursor![1])]),
        ]),
      ),
    )
    .orderBy('name')
    .orderBy('id')
    .limit(size + 1)
    .execute();
  const nodes = rows.slice(0, size).map(toProject);
  const last = nodes.at(-1);
  return {
    nodes,
    hasNextPage: rows.length > size,
    endCursor: last ? encodeCursor([last.name, last.id]) : null,
    count: async () =>
      Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0),
  };
}

/** Resolves the project a flow goes to: the given id, or the tenant's only project. */
export async function resolveProjectId(
  store: Store,
  tenantId: string,
  projectId: string | null | undefined,
): Promise<string> {
  if (projectId != null) {
    checkId(projectId, 'projectId');
    const row = await store.db
      .selectFrom('project')
      .select('id')
      .where('id', '=', projectId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!row) {
      throw new ApiError({
        code: 'NOT_FOUND',
        message: `Invalid project: ${projectId} was not found in this tenant. Create it first (createProject).`,
      });
    }
    return row.id;
  }
  const rows = await store.db
    .selectFrom('project')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .limit(2)
    .execute();
  if (rows.length === 1) return rows[0]!.id;
  throw new ApiError({
    code: 'BAD_USER_INPUT',
    message:
      rows.length === 0
        ? 'No project to register the flow in: create a project first (createProject), then pass its id as projectId.'
        : 'projectId is required: this tenant has more than one project.',
  });
}

import { randomUUID } from 'node:crypto';
import type { ProjectTable } from '../database/tables.js';
import { isUniqueViolation } from '../database/transaction.js';
import { nowIso } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import type { ApiLimits } from './limits.js';
import { type ProjectModel, toProject } from './models.js';
import type { Store } from './store.js';
import { checkId, descriptionSchema, nameSchema, validate } from './validation.js';

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

import { CompiledQuery, type Kysely } from 'kysely';
import type { FlowTable, Tables } from '../database/tables.js';
import { fromJson } from '../database/values.js';
import type { FlowParameterModel } from './models.js';

/**
 * A flow row with the settings its flow group overrides, read in the same query (a join), so
 * creating a run costs no extra round trip. The flow's definition (`serialized_flow`, which
 * can be large) is left out: nothing that runs, schedules or archives a flow needs it.
 */
export interface FlowWithGroup extends Omit<FlowTable, 'serialized_flow'> {
  /** The group's schedule (JSON text); `null` when the group has none. */
  group_schedule: string | null;
  /** The group's default parameters (a JSON object's text). */
  group_default_parameters: string;
  /** The group's labels (JSON text); `null` when the flow's labels apply. */
  group_labels: string | null;
}

/** Flows (`f`) joined with their flow group (`g`), selecting every {@link FlowWithGroup} column. */
export function selectFlowsWithGroup(db: Kysely<Tables>) {
  return db
    .selectFrom('flow as f')
    .innerJoin('flow_group as g', 'g.id', 'f.flow_group_id')
    .select([
      'f.id',
      'f.tenant_id',
      'f.project_id',
      'f.flow_group_id',
      'f.version_group_id',
      'f.name',
      'f.version',
      'f.archived',
      'f.description',
      'f.environment',
      'f.storage',
      'f.storage_type',
      'f.parameters',
      'f.schedule',
      'f.is_schedule_active',
      'f.core_version',
      'f.labels',
      'f.idempotency_key',
      'f.created',
      'f.updated',
      'g.schedule as group_schedule',
      'g.default_parameters as group_default_parameters',
      'g.labels as group_labels',
    ]);
}

/** Per database, the compiled text of {@link selectFlowWithGroupById}'s query. */
const flowByIdQueries = new WeakMap<Kysely<Tables>, string>();

/**
 * A flow of the tenant with its group's settings, by id. It runs for every new flow run, so its
 * query is built and compiled once per database and its text reused with each call's values.
 */
export async function selectFlowWithGroupById(
  db: Kysely<Tables>,
  flowId: string,
  tenantId: string,
): Promise<FlowWithGroup | undefined> {
  let text = flowByIdQueries.get(db);
  if (text === undefined) {
    text = selectFlowsWithGroup(db)
      .where('f.id', '=', flowId)
      .where('f.tenant_id', '=', tenantId)
      .compile().sql;
    flowByIdQueries.set(db, text);
  }
  const result = await db.executeQuery<FlowWithGroup>(CompiledQuery.raw(text, [flowId, tenantId]));
  return result.rows[0];
}

/** The schedule a flow's runs follow: its group's when the group has one, else the flow's own. */
export function effectiveSchedule(flow: FlowWithGroup): unknown {
  return fromJson(flow.group_schedule) ?? fromJson(flow.schedule);
}

/**
 * The parameters every new run of `flow` starts from: the flow's parameter defaults overlaid by
 * its group's default parameters — those the flow declares: the group's settings serve every
 * version, and a version without a parameter would fail a run given it. A caller's (or a
 * clock's) parameters go on top.
 */
export function runParameterDefaults(flow: FlowWithGroup): Record<string, unknown> {
  const declared = fromJson<FlowParameterModel[]>(flow.parameters) ?? [];
  const names = new Set(declared.map((p) => p.name));
  const group = fromJson<Record<string, unknown> | null>(flow.group_default_parameters) ?? {};
  return {
    ...Object.fromEntries(declared.filter((p) => p.default != null).map((p) => [p.name, p.default])),
    ...Object.fromEntries(Object.entries(group).filter(([name]) => names.has(name))),
  };
}

/** Labels of a new run that is given none: the group's when set, else the flow's. */
export function runLabels(flow: FlowWithGroup): string[] {
  return fromJson<string[] | null>(flow.group_labels) ?? fromJson<string[]>(flow.labels) ?? [];
}

/** Names of the flow's required parameters (those without a default). */
export function requiredParameters(parameters: FlowParameterModel[]): string[] {
  return parameters.filter((p) => p.required && p.default == null).map((p) => p.name);
}

/** The flow's required parameters that `parameters` leaves without a value. */
export function missingParameters(
  flow: Pick<FlowTable, 'parameters'>,
  parameters: Record<string, unknown>,
): string[] {
  const declared = fromJson<FlowParameterModel[]>(flow.parameters) ?? [];
  return requiredParameters(declared).filter((name) => parameters[name] == null);
}

/** Names in `parameters` the flow does not declare, in the order given. */
export function undeclaredParameters(
  flow: Pick<FlowTable, 'parameters'>,
  parameters: Record<string, unknown>,
): string[] {
  const declared = new Set((fromJson<FlowParameterModel[]>(flow.parameters) ?? []).map((p) => p.name));
  return Object.keys(parameters).filter((name) => !declared.has(name));
}

/** The names a flow declares as parameters, for messages. */
export function declaredParameterNames(flow: Pick<FlowTable, 'parameters'>): string[] {
  return (fromJson<FlowParameterModel[]>(flow.parameters) ?? []).map((p) => p.name);
}

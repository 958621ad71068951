import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import { listConnectedAgents } from '../api/agents.js';
import {
  type AgentModel,
  type EdgeModel,
  type FlowGroupModel,
  type FlowModel,
  type FlowRunModel,
  type ProjectModel,
  type StateRecordModel,
  type TaskModel,
  type TaskRunModel,
  toAgent,
  toEdge,
  toFlow,
  toFlowGroup,
  toFlowRun,
  toProject,
  toStateRecord,
  toTask,
  toTaskRun,
} from '../api/models.js';
import { firstTaskFailures } from '../api/run-failures.js';
import type { Store } from '../api/store.js';

/** Per-request batch loaders, scoped to the caller's tenant (no N+1 queries for nested fields). */
export interface Loaders {
  project: DataLoader<string, ProjectModel | null>;
  flow: DataLoader<string, FlowModel | null>;
  flowGroup: DataLoader<string, FlowGroupModel | null>;
  /** Every version in a flow group, oldest first. */
  flowsOfGroup: DataLoader<string, FlowModel[]>;
  task: DataLoader<string, TaskModel | null>;
  tasksOfFlow: DataLoader<string, TaskModel[]>;
  edgesOfFlow: DataLoader<string, EdgeModel[]>;
  flowRun: DataLoader<string, FlowRunModel | null>;
  taskRunsOfFlowRun: DataLoader<string, TaskRunModel[]>;
  flowRunStates: DataLoader<string, StateRecordModel[]>;
  taskRunStates: DataLoader<string, StateRecordModel[]>;
  agent: DataLoader<string, AgentModel | null>;
  /** Why a failed flow run failed: its first failed task run, in short (null when none failed). */
  taskFailure: DataLoader<string, string | null>;
  /**
   * The tenant's connected agents (seen within the server's window), read once per request
   * whatever the key: every run's `waitingFor` compares against the same list.
   */
  connectedAgents: DataLoader<typeof CONNECTED, AgentModel[]>;
}

/** The one key of {@link Loaders.connectedAgents}. */
export const CONNECTED = 'connected';

/** Options of {@link createLoaders}. */
export interface LoaderOptions {
  /** An agent whose last poll is at most this old counts as connected. */
  agentConnectedWithinMs: number;
}

type Row = Record<string, any>;

function byId<T>(db: Kysely<any>, table: string, tenantId: string, map: (row: any) => T) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows: Row[] = await db
      .selectFrom(table)
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', [...ids])
      .execute();
    const found = new Map(rows.map((row) => [row.id as string, map(row)]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

function groupedBy<T>(
  db: Kysely<any>,
  table: string,
  column: string,
  tenantId: string,
  order: string[],
  map: (row: any) => T,
) {
  return new DataLoader<string, T[]>(async (keys) => {
    let query = db
      .selectFrom(table)
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where(column, 'in', [...keys]);
    for (const field of order) query = query.orderBy(field);
    const rows: Row[] = await query.execute();
    const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const row of rows) groups.get(row[column])?.push(map(row));
    return keys.map((key) => groups.get(key) ?? []);
  });
}

export function createLoaders(store: Store, tenantId: string, options: LoaderOptions): Loaders {
  const db = store.db as Kysely<any>;
  return {
    project: byId(db, 'project', tenantId, toProject),
    flow: byId(db, 'flow', tenantId, toFlow),
    flowGroup: byId(db, 'flow_group', tenantId, toFlowGroup),
    flowsOfGroup: groupedBy(db, 'flow', 'flow_group_id', tenantId, ['version'], toFlow),
    task: byId(db, 'task', tenantId, toTask),
    tasksOfFlow: groupedBy(db, 'task', 'flow_id', tenantId, ['slug'], toTask),
    edgesOfFlow: groupedBy(db, 'edge', 'flow_id', tenantId, ['id'], toEdge),
    flowRun: byId(db, 'flow_run', tenantId, toFlowRun),
    taskRunsOfFlowRun: groupedBy(
      db,
      'task_run',
      'flow_run_id',
      tenantId,
      ['task_slug', 'map_index', 'id'],
      toTaskRun,
    ),
    flowRunStates: groupedBy(db, 'flow_run_state', 'flow_run_id', tenantId, ['version'], toStateRecord),
    taskRunStates: groupedBy(db, 'task_run_state', 'task_run_id', tenantId, ['version'], toStateRecord),
    agent: byId(db, 'agent', tenantId, toAgent),
    taskFailure: new DataLoader(async (flowRunIds) => {
      const failures = await firstTaskFailures(store, tenantId, flowRunIds);
      return flowRunIds.map((id) => failures.get(id) ?? null);
    }),
    connectedAgents: new DataLoader(async (keys) => {
      const since = new Date(Date.now() - options.agentConnectedWithinMs).toISOString();
      const agents = await listConnectedAgents(store, tenantId, since);
      return keys.map(() => agents);
    }),
  };
}

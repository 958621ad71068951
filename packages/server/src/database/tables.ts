import type { Generated } from 'kysely';

/**
 * Column types as both engines hand them back through {@link connectDatabase}: timestamps are
 * ISO-8601 strings, JSON columns are JSON text, booleans are 0/1 integers.
 */
type Timestamp = string;
type JsonText = string;
type Flag = number;

export interface TenantTable {
  id: string;
  name: string;
  slug: string;
  created: Timestamp;
  updated: Timestamp;
}

export interface ApiTokenTable {
  id: string;
  tenant_id: string;
  name: string;
  scope: string;
  token_hash: string;
  prefix: string;
  created: Timestamp;
  last_used: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ProjectTable {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  created: Timestamp;
  updated: Timestamp;
}

export interface FlowGroupTable {
  id: string;
  tenant_id: string;
  version_group_id: string;
  idempotency_key: string | null;
  heartbeat_enabled: Flag;
  lazarus_enabled: Flag;
  /** Overrides the schedule of the group's flows; null: each flow's own applies. */
  schedule: JsonText | null;
  /** A JSON object laid over the flows' parameter defaults. */
  default_parameters: Generated<JsonText>;
  /** A JSON array replacing the flows' labels on new runs; null: the flow's apply. */
  labels: JsonText | null;
  description: string | null;
  created: Timestamp;
  updated: Timestamp;
}

export interface FlowTable {
  id: string;
  tenant_id: string;
  project_id: string;
  flow_group_id: string;
  version_group_id: string;
  name: string;
  version: number;
  archived: Flag;
  description: string | null;
  serialized_flow: JsonText;
  environment: JsonText | null;
  storage: JsonText | null;
  /** The `type` of `storage` (e.g. `Local`, `Docker`, `<package>:<export>`); null without storage. */
  storage_type: string | null;
  parameters: JsonText;
  schedule: JsonText | null;
  is_schedule_active: Flag;
  core_version: string | null;
  labels: JsonText;
  idempotency_key: string | null;
  created: Timestamp;
  updated: Timestamp;
}

export interface TaskTable {
  id: string;
  tenant_id: string;
  flow_id: string;
  name: string;
  slug: string;
  type: string | null;
  description: string | null;
  tags: JsonText;
  max_retries: number;
  retry_delay: number | null;
  trigger: string | null;
  mapped: Flag;
  auto_generated: Flag;
  is_root_task: Flag;
  is_terminal_task: Flag;
  is_reference_task: Flag;
}

export interface EdgeTable {
  id: string;
  tenant_id: string;
  flow_id: string;
  upstream_task_id: string;
  downstream_task_id: string;
  key: string | null;
  mapped: Flag;
}

/** Columns every run (flow run, task run) carries for its current, denormalised state. */
export interface RunStateColumns {
  version: number;
  state: string;
  state_message: string | null;
  state_timestamp: Timestamp;
  state_start_time: Timestamp | null;
  serialized_state: JsonText;
  heartbeat: Timestamp | null;
  start_time: Timestamp | null;
  end_time: Timestamp | null;
  created: Timestamp;
  updated: Timestamp;
}

export interface FlowRunTable extends RunStateColumns {
  id: string;
  tenant_id: string;
  flow_id: string;
  name: string;
  parameters: JsonText;
  context: JsonText;
  labels: JsonText;
  scheduled_start_time: Timestamp;
  auto_scheduled: Flag;
  idempotency_key: string | null;
  times_resurrected: number;
  agent_id: string | null;
  /** The API token that wrote the run's latest Submitted state: the runs a RUNNER token holds. */
  submitted_by_token_id?: string | null;
  /** The task run (of another flow run) that started this run with `runFlow`; null for others. */
  parent_task_run_id?: string | null;
}

export interface TaskRunTable extends RunStateColumns {
  id: string;
  tenant_id: string;
  flow_run_id: string;
  task_id: string;
  task_slug: string;
  map_index: number;
  name: string | null;
  run_count: number;
  /** The cache key its Cached state was stored under (see `cachedTaskRunStates`). */
  cache_key?: string | null;
  /** The task run whose Cached state this one reused (cross-run caching). */
  cached_from_task_run_id?: string | null;
}

export interface StateHistoryColumns {
  id: string;
  tenant_id: string;
  version: number;
  state: string;
  message: string | null;
  start_time: Timestamp | null;
  timestamp: Timestamp;
  serialized_state: JsonText;
}

export interface FlowRunStateTable extends StateHistoryColumns {
  flow_run_id: string;
}

export interface TaskRunStateTable extends StateHistoryColumns {
  task_run_id: string;
}

export interface LogTable {
  id: string;
  seq: Generated<number>;
  tenant_id: string;
  flow_run_id: string;
  task_run_id: string | null;
  timestamp: Timestamp;
  level: string;
  level_no: number;
  name: string | null;
  message: string;
  info: JsonText | null;
  created: Timestamp;
}

export interface AgentTable {
  id: string;
  tenant_id: string;
  name: string;
  type: string;
  labels: JsonText;
  core_version: string;
  /** A JSON array of the storage types the agent runs (sorted); null: any type (an older agent). */
  storage_types: JsonText | null;
  last_queried: Timestamp | null;
  created: Timestamp;
}

/** A tenant's secret: only its AES-256-GCM ciphertext is stored (see `secrets/secret-cipher.ts`). */
export interface SecretTable {
  id: string;
  tenant_id: string;
  name: string;
  ciphertext: string;
  key_id: string;
  created: Timestamp;
  updated: Timestamp;
}

/** A concurrency limit: `slots` Running task runs per task tag, or flow runs per flow group. */
export interface ConcurrencyLimitTable {
  id: string;
  tenant_id: string;
  /** `TASK_TAG` or `FLOW`. */
  kind: string;
  /** The tag, or the flow group's id. */
  key: string;
  flow_group_id: string | null;
  slots: number;
  created: Timestamp;
  updated: Timestamp;
}

/** Every table of the Headwater database. */
export interface Tables {
  tenant: TenantTable;
  api_token: ApiTokenTable;
  project: ProjectTable;
  flow_group: FlowGroupTable;
  flow: FlowTable;
  task: TaskTable;
  edge: EdgeTable;
  flow_run: FlowRunTable;
  flow_run_state: FlowRunStateTable;
  task_run: TaskRunTable;
  task_run_state: TaskRunStateTable;
  log: LogTable;
  agent: AgentTable;
  secret: SecretTable;
  concurrency_limit: ConcurrencyLimitTable;
}

/** Shapes of the API objects as the UI's queries select them (see `documents.ts`). */

export type TokenScope = 'USER' | 'RUNNER';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

export interface AuthInfo {
  tenantId: string;
  tenantName: string;
  tokenId: string;
  tokenName: string;
  scope: TokenScope;
}

export interface ApiInfo {
  version: string;
  coreVersion: string;
  database: string;
}

export interface StateTypeInfo {
  name: string;
  parent: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  scope: TokenScope;
  prefix: string;
  created: string;
  lastUsed: string | null;
  expiresAt: string | null;
  revoked: boolean;
}

export interface Agent {
  id: string;
  name: string | null;
  type: string;
  labels: string[];
  coreVersion: string | null;
  /** Null: the agent does not say, and takes runs of any storage type. */
  storageTypes: string[] | null;
  lastQueried: string | null;
  created: string;
}

export interface ProjectSummary {
  id: string;
  name: string;
  description: string | null;
  created: string;
  flowCount: number;
}

export interface FlowSummary {
  id: string;
  name: string;
  version: number;
  versionGroupId: string;
  archived: boolean;
  isScheduleActive: boolean;
  schedule: unknown;
  labels: string[];
  created: string;
  project: { id: string; name: string };
  /** Selected by the flows list only. */
  health?: FlowHealth;
}

export interface FlowParameter {
  name: string;
  slug: string;
  required: boolean;
  default: unknown;
}

export interface Task {
  id: string;
  name: string;
  slug: string;
  type: string | null;
  description: string | null;
  tags: string[];
  maxRetries: number;
  retryDelay: number | null;
  trigger: string | null;
  mapped: boolean;
  isReferenceTask: boolean;
}

export interface Edge {
  id: string;
  upstreamTaskId: string;
  downstreamTaskId: string;
  key: string | null;
  mapped: boolean;
}

export interface FlowVersion {
  id: string;
  version: number;
  archived: boolean;
  created: string;
}

/** The settings every version of a flow shares; its schedule, default parameters and labels override the flow's. */
export interface FlowGroup {
  id: string;
  /** Wire format, like `FlowSummary.schedule`; each clock may carry `parameter_defaults`. Null: the flow's own applies. */
  schedule: unknown;
  /** A JSON object laid over the flow's parameter defaults in new runs. */
  defaultParameters: Record<string, unknown>;
  /** Null: the flow's labels apply. */
  labels: string[] | null;
  description: string | null;
  heartbeatEnabled: boolean;
  lazarusEnabled: boolean;
}

export interface FlowDetail extends FlowSummary {
  description: string | null;
  coreVersion: string | null;
  environment: unknown;
  storage: unknown;
  parameters: FlowParameter[];
  tasks: Task[];
  edges: Edge[];
  versions: FlowVersion[];
  flowGroup: FlowGroup;
}

export interface FlowRunSummary {
  id: string;
  name: string;
  state: string;
  stateMessage: string | null;
  stateTimestamp: string;
  stateStartTime: string | null;
  scheduledStartTime: string;
  startTime: string | null;
  endTime: string | null;
  duration: number | null;
  labels: string[];
  updated: string;
  /** Why no connected agent takes this due run, and what to start; null otherwise. */
  waitingFor: string | null;
  /** Why a failed run failed, in short (the failing task and its error); null unless it failed. */
  failure: string | null;
  flow: { id: string; name: string; version: number; project: { id: string; name: string } };
}

/** One page of a cursor-paginated list. */
export interface Connection<T> {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  nodes: T[];
}

/** How a flow's last finished runs went (`Flow.health`). */
export interface FlowHealth {
  successRate: number | null;
  medianDuration: number | null;
  runs: { id: string; name: string; state: string; scheduledStartTime: string; duration: number | null }[];
}

export interface StateRecord {
  id: string;
  version: number;
  state: string;
  message: string | null;
  startTime: string | null;
  timestamp: string;
}

export interface TaskRun {
  id: string;
  taskId: string;
  taskSlug: string;
  mapIndex: number;
  name: string | null;
  version: number;
  state: string;
  stateMessage: string | null;
  startTime: string | null;
  endTime: string | null;
  duration: number | null;
  runCount: number;
  /** The key its Cached state is stored under (cross-run caching); null unless Cached. */
  cacheKey: string | null;
  /** The task run whose Cached state this one reused; null unless it reused another run's. */
  cachedFromTaskRunId: string | null;
  /** The flow run of `cachedFromTaskRunId`. */
  cachedFromFlowRunId: string | null;
}

export interface FlowRunDetail {
  id: string;
  name: string;
  version: number;
  state: string;
  stateMessage: string | null;
  stateTimestamp: string;
  stateStartTime: string | null;
  scheduledStartTime: string;
  startTime: string | null;
  endTime: string | null;
  duration: number | null;
  heartbeat: string | null;
  parameters: unknown;
  labels: string[];
  created: string;
  /** Why no connected agent takes this due run, and what to start; null otherwise. */
  waitingFor: string | null;
  agent: { id: string; name: string | null; type: string } | null;
  flow: {
    id: string;
    name: string;
    version: number;
    project: { id: string; name: string };
    tasks: Task[];
    edges: Edge[];
  };
  taskRuns: TaskRun[];
  states: StateRecord[];
}

export interface Log {
  id: string;
  taskRunId: string | null;
  timestamp: string;
  level: LogLevel;
  name: string | null;
  message: string;
}

export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

/** One task run as its panel on the run page shows it. */
export interface TaskRunDetail extends TaskRun {
  flowRunId: string;
  serializedState: unknown;
  task: Pick<Task, 'id' | 'name' | 'slug' | 'maxRetries' | 'retryDelay' | 'mapped'>;
  states: (StateRecord & { serializedState: unknown })[];
}

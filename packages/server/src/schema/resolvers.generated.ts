import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ProjectModel, FlowModel, FlowGroupModel, TaskModel, EdgeModel, FlowRunModel, TaskRunModel, StateRecordModel, LogModel, AgentModel, ApiTokenModel, FlowPage, FlowRunPage, TaskRunPage, LogPage, AgentPage, ApiTokenPage, ProjectPage } from '../api/models.js';
import type { GraphQLContext } from '../graphql/context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date-time string with a time zone, e.g. `2019-10-01T12:00:00.000Z`. Returned in UTC. */
  DateTime: { input: string; output: string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
  /**
   * The input of `createFlow`. An object, either
   *
   * - `{ projectId?: ID, serializedFlow: JSON!, setScheduleActive?: Boolean = true,
   *   versionGroupId?: String, idempotencyKey?: String, description?: String }`, or
   * - a bare serialized flow (an object with `name` and `__version__`, e.g. the output of
   *   `flow.serialize()`, Headwater's or Python Prefect 0.6.1+'s), which is the same as
   *   `{ serializedFlow: <it> }`.
   *
   * `projectId` may be left out when the tenant has exactly one project; otherwise it is
   * required (`BAD_USER_INPUT`). This is a scalar rather than an input object so that a bare
   * serialized flow, whose keys (`__version__`) are not valid GraphQL names, is accepted as it is.
   */
  createFlowInput: { input: unknown; output: unknown; }
};

export type Agent = {
  __typename?: 'Agent';
  coreVersion?: Maybe<Scalars['String']['output']>;
  created: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  labels: Array<Scalars['String']['output']>;
  /** When it last read the queue (or registered). */
  lastQueried?: Maybe<Scalars['DateTime']['output']>;
  name?: Maybe<Scalars['String']['output']>;
  /** The storage types the agent runs (sorted). Null: it did not say, and takes runs of any type. */
  storageTypes?: Maybe<Array<Scalars['String']['output']>>;
  type: Scalars['String']['output'];
};

export type AgentConnection = {
  __typename?: 'AgentConnection';
  nodes: Array<Agent>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ApiInfo = {
  __typename?: 'ApiInfo';
  /** Always `HEADWATER`. */
  backend: Scalars['String']['output'];
  /** Version of `@headwater/core` the server was built with. */
  coreVersion: Scalars['String']['output'];
  /** Which database the server runs on: `sqlite` or `postgres`. */
  database: Scalars['String']['output'];
  /** Version of `@headwater/server`. */
  version: Scalars['String']['output'];
};

export type ApiToken = {
  __typename?: 'ApiToken';
  created: Scalars['DateTime']['output'];
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  lastUsed?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** First characters of the secret (e.g. `hw_Ab12`), to tell tokens apart. */
  prefix: Scalars['String']['output'];
  revoked: Scalars['Boolean']['output'];
  scope: TokenScope;
};

export type ApiTokenConnection = {
  __typename?: 'ApiTokenConnection';
  nodes: Array<ApiToken>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AuthInfo = {
  __typename?: 'AuthInfo';
  scope: TokenScope;
  tenantId: Scalars['ID']['output'];
  tenantName: Scalars['String']['output'];
  tokenId: Scalars['ID']['output'];
  tokenName: Scalars['String']['output'];
};

/** A Cached task-run state another run may reuse. */
export type CachedTaskRunState = {
  __typename?: 'CachedTaskRunState';
  flowRunId: Scalars['ID']['output'];
  /** The serialized Cached state: its result (or where the result handler stored it), cached inputs and parameters, expiration. */
  serializedState: Scalars['JSON']['output'];
  taskRunId: Scalars['ID']['output'];
  /** When it was stored. */
  timestamp: Scalars['DateTime']['output'];
};

export type CancelFlowRunPayload = {
  __typename?: 'CancelFlowRunPayload';
  flowRun: FlowRun;
  /** The run's state after the call (`Cancelled`, `Cancelling` or an unchanged finished state). */
  state: Scalars['String']['output'];
};

export type ClaimFlowRunsPayload = {
  __typename?: 'ClaimFlowRunsPayload';
  /** The runs handed to the agent, already submitted for it. */
  claims: Array<FlowRunClaim>;
  /**
   * When the claim left slots free: the start time of the earliest run the agent could take that
   * is not due yet (null: none), so an idle agent can claim again at that time.
   */
  nextDueAt?: Maybe<Scalars['DateTime']['output']>;
};

/** At most `slots` runs Running at once; the rest wait `Queued`. */
export type ConcurrencyLimit = {
  __typename?: 'ConcurrencyLimit';
  created: Scalars['DateTime']['output'];
  /** The flow group (FLOW). */
  flowGroupId?: Maybe<Scalars['ID']['output']>;
  /** The name of the flow (FLOW). */
  flowName?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: ConcurrencyLimitKind;
  /** Slots taken now: Running task runs with the tag, or Running flow runs of the flow that still send heartbeats. */
  running: Scalars['Int']['output'];
  slots: Scalars['Int']['output'];
  /** The task tag (TASK_TAG). */
  tag?: Maybe<Scalars['String']['output']>;
  updated: Scalars['DateTime']['output'];
};

export type ConcurrencyLimitKind =
  /** Flow runs of a flow (every version). */
  | 'FLOW'
  /** Task runs of tasks with a tag. */
  | 'TASK_TAG';

export type CreateApiTokenPayload = {
  __typename?: 'CreateApiTokenPayload';
  apiToken: ApiToken;
  id: Scalars['ID']['output'];
  /** The secret, shown only this once. */
  token: Scalars['String']['output'];
};

export type CreateFlowPayload = {
  __typename?: 'CreateFlowPayload';
  /** False when an idempotency key matched and the existing flow was returned. */
  created: Scalars['Boolean']['output'];
  flow: Flow;
  id: Scalars['ID']['output'];
};

export type CreateFlowRunPayload = {
  __typename?: 'CreateFlowRunPayload';
  /** False when an idempotency key matched and the existing run was returned. */
  created: Scalars['Boolean']['output'];
  flowRun: FlowRun;
  id: Scalars['ID']['output'];
};

export type CreateProjectPayload = {
  __typename?: 'CreateProjectPayload';
  id: Scalars['ID']['output'];
  project: Project;
};

/** A cron clock of a flow group schedule. */
export type CronClockInput = {
  /** 5 fields: minute hour day-of-month month day-of-week, in the schedule's time zone. */
  cron: Scalars['String']['input'];
  /** Parameters of this clock's runs, over the group's default parameters. */
  parameterDefaults?: InputMaybe<Scalars['JSON']['input']>;
};

export type Edge = {
  __typename?: 'Edge';
  downstreamTask: Task;
  downstreamTaskId: Scalars['ID']['output'];
  flowId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** Argument name of the downstream task fed by the upstream one; null for a pure state dependency. */
  key?: Maybe<Scalars['String']['output']>;
  mapped: Scalars['Boolean']['output'];
  upstreamTask: Task;
  upstreamTaskId: Scalars['ID']['output'];
};

export type Flow = {
  __typename?: 'Flow';
  archived: Scalars['Boolean']['output'];
  /** Version of the library that serialized the flow (its `__version__`). */
  coreVersion?: Maybe<Scalars['String']['output']>;
  created: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  edges: Array<Edge>;
  environment?: Maybe<Scalars['JSON']['output']>;
  /** The settings every version of this flow shares. */
  flowGroup: FlowGroup;
  flowGroupId: Scalars['ID']['output'];
  /** How the last finished runs of this flow's version group went (at most 50). */
  health: FlowHealth;
  heartbeatEnabled: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  idempotencyKey?: Maybe<Scalars['String']['output']>;
  isScheduleActive: Scalars['Boolean']['output'];
  /** Labels of the flow's environment (sorted). */
  labels: Array<Scalars['String']['output']>;
  lazarusEnabled: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  parameters: Array<FlowParameter>;
  /** USER only, like `projects`. */
  project: Project;
  projectId: Scalars['ID']['output'];
  /** The flow's own schedule; its flow group's schedule, when set, overrides it. */
  schedule?: Maybe<Scalars['JSON']['output']>;
  /** The serialized flow as registered. */
  serializedFlow: Scalars['JSON']['output'];
  storage?: Maybe<Scalars['JSON']['output']>;
  /**
   * The `type` of `storage`: `Local`, `Docker`, or a plugin's `"<package>:<export>"` (e.g.
   * `headwater-storage-cas:storagePlugin`). Null for a flow without storage. An agent that lists
   * storage types only gets runs of flows with one of them.
   */
  storageType?: Maybe<Scalars['String']['output']>;
  /** Tasks, ordered by slug. */
  tasks: Array<Task>;
  updated: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
  versionGroupId: Scalars['String']['output'];
  /** Every version in this flow's version group, newest first. */
  versions: Array<Flow>;
};


export type FlowHealthArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type FlowConnection = {
  __typename?: 'FlowConnection';
  nodes: Array<Flow>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type FlowFilter = {
  /** Only archived (true) or only unarchived (false) flows. */
  archived?: InputMaybe<Scalars['Boolean']['input']>;
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Only flows whose schedule is on (true) or off (false). */
  isScheduleActive?: InputMaybe<Scalars['Boolean']['input']>;
  /** Exact flow name. */
  name?: InputMaybe<Scalars['String']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
  projectName?: InputMaybe<Scalars['String']['input']>;
  versionGroupId?: InputMaybe<Scalars['String']['input']>;
};

/**
 * The settings every version of a flow (a version group) shares. Its schedule, default
 * parameters and labels override the flows' own.
 */
export type FlowGroup = {
  __typename?: 'FlowGroup';
  created: Scalars['DateTime']['output'];
  /** A JSON object laid over the flows' parameter defaults in new runs (`{}` when unset). */
  defaultParameters: Scalars['JSON']['output'];
  description?: Maybe<Scalars['String']['output']>;
  /** Every version in the group, newest first. */
  flows: Array<Flow>;
  /** False: the zombie killer and lazarus leave the group's runs alone. */
  heartbeatEnabled: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /** Labels of new runs given none. Null: the flow's labels apply. */
  labels?: Maybe<Array<Scalars['String']['output']>>;
  /** False: lost runs of the group are not rescheduled. */
  lazarusEnabled: Scalars['Boolean']['output'];
  /**
   * The schedule every flow of the group runs on (wire format, like `Flow.schedule`; each clock
   * may carry `parameter_defaults`). Null: each flow's own schedule applies.
   */
  schedule?: Maybe<Scalars['JSON']['output']>;
  updated: Scalars['DateTime']['output'];
  versionGroupId: Scalars['String']['output'];
};

/** How a flow's last finished runs went. */
export type FlowHealth = {
  __typename?: 'FlowHealth';
  /** Median of the `runs`' durations in seconds; null when there are none. */
  medianDuration?: Maybe<Scalars['Float']['output']>;
  /** The last finished runs of every version, newest first. */
  runs: Array<FlowRun>;
  /** Share of `runs` that succeeded (0 to 1); null when there are none. */
  successRate?: Maybe<Scalars['Float']['output']>;
};

export type FlowParameter = {
  __typename?: 'FlowParameter';
  default?: Maybe<Scalars['JSON']['output']>;
  name: Scalars['String']['output'];
  required: Scalars['Boolean']['output'];
  /** The JSON Schema values are checked against when a run is created. Null: any value. */
  schema?: Maybe<Scalars['JSON']['output']>;
  slug: Scalars['String']['output'];
};

export type FlowRun = {
  __typename?: 'FlowRun';
  /** USER only, like `agents`. */
  agent?: Maybe<Agent>;
  agentId?: Maybe<Scalars['ID']['output']>;
  autoScheduled: Scalars['Boolean']['output'];
  context: Scalars['JSON']['output'];
  created: Scalars['DateTime']['output'];
  /** Seconds from start to end (or to now while running). */
  duration?: Maybe<Scalars['Float']['output']>;
  endTime?: Maybe<Scalars['DateTime']['output']>;
  /**
   * Why a failed run failed, in short: the first failed task run's name and message (e.g.
   * `load: Error: connection refused`), else the run's own state message. Null unless the run
   * is Failed (or a state under it).
   */
  failure?: Maybe<Scalars['String']['output']>;
  flow: Flow;
  flowId: Scalars['ID']['output'];
  heartbeat?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  idempotencyKey?: Maybe<Scalars['String']['output']>;
  labels: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  parameters: Scalars['JSON']['output'];
  /** The flow run of `parentTaskRunId`; null for other runs. */
  parentFlowRunId?: Maybe<Scalars['ID']['output']>;
  /** The task run whose `runFlow` started this run; null for other runs. */
  parentTaskRunId?: Maybe<Scalars['ID']['output']>;
  scheduledStartTime: Scalars['DateTime']['output'];
  /** The current state as written (wire format). */
  serializedState: Scalars['JSON']['output'];
  startTime?: Maybe<Scalars['DateTime']['output']>;
  /** Current state type, e.g. `Scheduled`. */
  state: Scalars['String']['output'];
  stateMessage?: Maybe<Scalars['String']['output']>;
  /** The state's own `start_time` (when a Scheduled run is due). */
  stateStartTime?: Maybe<Scalars['DateTime']['output']>;
  stateTimestamp: Scalars['DateTime']['output'];
  /** State history, oldest first. */
  states: Array<StateRecord>;
  taskRuns: Array<TaskRun>;
  timesResurrected: Scalars['Int']['output'];
  updated: Scalars['DateTime']['output'];
  /** Incremented by every state write; name it in the next write. */
  version: Scalars['Int']['output'];
  /**
   * Why no agent picks this run up, as one sentence saying what to start (e.g. ``No connected
   * agent runs Local storage with labels [etl]: start one with `headwater agent start process
   * --label etl` ``). Null unless the run is due and waiting (a Scheduled-like state whose start
   * time has passed) and no connected agent (one that polled the queue recently) both fits its
   * labels (the queue's label rule) and runs its flow's storage type (an agent that lists no
   * storage types runs any).
   */
  waitingFor?: Maybe<Scalars['String']['output']>;
};

/** One run handed to an agent. */
export type FlowRunClaim = {
  __typename?: 'FlowRunClaim';
  /** The flow run as the claim left it (`Submitted`, or `Running` when task runs were submitted). */
  flowRun: FlowRun;
  /** The task runs submitted to run again, when the flow run was already Running; else empty. */
  taskRuns: Array<TaskRun>;
};

export type FlowRunConnection = {
  __typename?: 'FlowRunConnection';
  nodes: Array<FlowRun>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type FlowRunFilter = {
  autoScheduled?: InputMaybe<Scalars['Boolean']['input']>;
  flowId?: InputMaybe<Scalars['ID']['input']>;
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Runs whose labels include all of these. */
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Exact run name. */
  name?: InputMaybe<Scalars['String']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
  scheduledAfter?: InputMaybe<Scalars['DateTime']['input']>;
  scheduledBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Runs whose name or flow name contains this text (any case). */
  search?: InputMaybe<Scalars['String']['input']>;
  startedAfter?: InputMaybe<Scalars['DateTime']['input']>;
  startedBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Current state type is this one or a descendant (e.g. `Finished`). */
  stateGroup?: InputMaybe<Scalars['String']['input']>;
  /** Current state type is one of these (exact names, e.g. `Running`). */
  states?: InputMaybe<Array<Scalars['String']['input']>>;
  updatedAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Every version in the group. */
  versionGroupId?: InputMaybe<Scalars['String']['input']>;
};

/** Order of `flowRuns`. Ties are broken by id, so cursors are stable. */
export type FlowRunOrder =
  | 'CREATED_DESC'
  | 'SCHEDULED_START_TIME_ASC'
  | 'SCHEDULED_START_TIME_DESC'
  | 'UPDATED_DESC';

export type FlowRunStateInput = {
  flowRunId: Scalars['ID']['input'];
  /** A serialized state (wire format), e.g. `{ "type": "Running", "message": "…", "__version__": "0.1.0" }`; at most 1 MB. */
  state: Scalars['JSON']['input'];
  /** The run's version the writer saw. */
  version: Scalars['Int']['input'];
};

/** An interval clock of a flow group schedule. */
export type IntervalClockInput = {
  /** Seconds between runs (at least 60). */
  interval: Scalars['Int']['input'];
  /** Parameters of this clock's runs, over the group's default parameters. */
  parameterDefaults?: InputMaybe<Scalars['JSON']['input']>;
};

export type Log = {
  __typename?: 'Log';
  flowRunId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  info?: Maybe<Scalars['JSON']['output']>;
  level: LogLevel;
  message: Scalars['String']['output'];
  /** Logger name. */
  name?: Maybe<Scalars['String']['output']>;
  taskRunId?: Maybe<Scalars['ID']['output']>;
  timestamp: Scalars['DateTime']['output'];
};

export type LogConnection = {
  __typename?: 'LogConnection';
  nodes: Array<Log>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type LogFilter = {
  after?: InputMaybe<Scalars['DateTime']['input']>;
  before?: InputMaybe<Scalars['DateTime']['input']>;
  flowRunId: Scalars['ID']['input'];
  /** Only these levels. */
  levels?: InputMaybe<Array<LogLevel>>;
  /** This level and every higher one. */
  minLevel?: InputMaybe<LogLevel>;
  /** Case-insensitive substring of the message. */
  search?: InputMaybe<Scalars['String']['input']>;
  taskRunId?: InputMaybe<Scalars['ID']['input']>;
};

/** Log levels, lowest first. A `minLevel` filter includes that level and every higher one. */
export type LogLevel =
  | 'CRITICAL'
  | 'DEBUG'
  | 'ERROR'
  | 'INFO'
  | 'WARNING';

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Archives a flow: it takes no new runs; its auto-scheduled runs still Scheduled are deleted
   * and its other Scheduled runs Cancelled.
   */
  archiveFlow: SuccessPayload;
  /**
   * Cancels a flow run: finished runs are left as they are, a Running run becomes Cancelling
   * (its process finishes the job), anything else becomes Cancelled. The unfinished runs its
   * `runFlow` tasks started (and theirs, down the tree) are cancelled the same way.
   */
  cancelFlowRun: CancelFlowRunPayload;
  /**
   * Hands the registered agent `agentId` up to `limit` due runs it can run, by the rules of
   * `getRunsInQueue` applied to the labels and storage types it registered, and submits them for
   * it in the same write: Running flow runs whose task runs are due to run again (those task runs
   * become `Submitted`), then Scheduled-like flow runs, oldest due first (they become
   * `Submitted`, recorded with the agent). Each run is handed to exactly one caller however many
   * agents and server replicas claim at once; an agent runs every run it is handed.
   */
  claimFlowRuns: ClaimFlowRunsPayload;
  /** Creates an API token. The secret is in `token`, shown this once; only its SHA-256 is stored. USER only. */
  createApiToken: CreateApiTokenPayload;
  /**
   * Registers a flow (a new version in its version group). Tasks and edges are extracted from
   * the serialized flow; a flow with tasks must list its `edges` (`[]` when none depends on
   * another), and a cron clock that never fires (e.g. `0 9 31 2 *`) is `BAD_USER_INPUT`. Every other unarchived version of the group is archived. With an
   * `idempotencyKey` equal to the group's last one, returns the existing flow instead
   * (`created: false`).
   */
  createFlow: CreateFlowPayload;
  /** `createFlow` with the serialized flow as base64 of its gzipped JSON. */
  createFlowFromCompressedString: CreateFlowPayload;
  /**
   * Creates a flow run (state Scheduled, one Pending task run per task). Parameters are the
   * flow's defaults, overlaid by its flow group's default parameters, overlaid by `parameters`;
   * a missing required parameter is `BAD_USER_INPUT`, and so is a parameter in `parameters` the
   * flow does not declare (`extensions.details` has `unknown` and `declared`), and so is a value
   * the JSON Schema of its parameter refuses (`extensions.details.issues`: `[{ parameter, path,
   * message }]`, e.g. `parameters.x`: `expected number, got string "notanumber"`). Labels are
   * `labels`, else the flow group's, else the flow's. Archived flows take no runs. The same
   * `idempotencyKey` on the same flow returns the existing run (`created: false`) and changes
   * nothing. A RUNNER token may only create a child run: `parentTaskRunId` names a task run of a
   * flow run the token holds (Submitted or Running, submitted with that token), as `runFlow` does.
   */
  createFlowRun: CreateFlowRunPayload;
  /** Creates a project. A duplicate name in the tenant is a `CONFLICT`. */
  createProject: CreateProjectPayload;
  /** Deletes the concurrency limit on a task tag or a flow; `success` is false when there was none. */
  deleteConcurrencyLimit: SuccessPayload;
  /** Deletes a flow, its runs, their states and logs. */
  deleteFlow: SuccessPayload;
  /** Deletes a flow group with every flow in it, their runs, states and logs. */
  deleteFlowGroup: SuccessPayload;
  /**
   * Removes a flow group's schedule: each flow's own schedule applies again (a scheduled flow
   * without one, or whose own leaves a required parameter unset, has its schedule turned off).
   * Not-yet-started auto-scheduled runs are replaced.
   */
  deleteFlowGroupSchedule: SuccessPayload;
  /** Deletes a flow run with its task runs, states and logs. */
  deleteFlowRun: SuccessPayload;
  /** Deletes a project and everything in it (flows, runs, states, logs). */
  deleteProject: SuccessPayload;
  /** Deletes a secret by name; `NOT_FOUND` when there is none. USER only. */
  deleteSecret: SuccessPayload;
  /**
   * Turns heartbeat checks off for every version of a flow (its flow group): the zombie killer
   * and the lazarus process leave its runs alone.
   */
  disableFlowHeartbeat: SuccessPayload;
  /** Turns the lazarus process off for every version of a flow (its flow group): lost runs are not rescheduled. */
  disableFlowLazarusProcess: SuccessPayload;
  /** Turns heartbeat checks (zombie killer and lazarus) on for every version of a flow (its flow group). */
  enableFlowHeartbeat: SuccessPayload;
  /** Turns the lazarus process on for every version of a flow (its flow group). */
  enableFlowLazarusProcess: SuccessPayload;
  /** Returns the task run of (flow run, task, map index), creating it Pending if needed (mapped children). */
  getOrCreateTaskRun: TaskRunInfo;
  /**
   * Ids of the flow runs an agent should submit, oldest due first, at most `limit` (default 25):
   * flow runs in a Scheduled-like state due at or before `before`, and Running flow runs with a
   * task run in a Scheduled-like state due by then (retries). Label rule: the run's labels must
   * be a subset of `labels`; an agent with labels does not get unlabeled runs. Storage rule, when
   * `storageTypes` is given: the run's flow has one of those storage types (a flow without
   * storage matches none). Reading does not dequeue: claim a run by writing `Submitted` with its
   * version.
   */
  getRunsInQueue: RunsInQueuePayload;
  /**
   * The value of a secret, for the process of a flow run: only a RUNNER token, and only for a run
   * it holds (Submitted or Running, submitted with that token); anything else is `FORBIDDEN`. A
   * mutation, so that a value never travels in a cacheable GET.
   */
  readRunSecret: RunSecretPayload;
  /**
   * Registers an agent; the same (name, type, core version, sorted labels) returns the existing
   * id, and records the `storageTypes` given this time and that the agent was seen now.
   */
  registerAgent: RegisterAgentPayload;
  /** Renames a project. */
  renameProject: ProjectPayload;
  /**
   * Resumes a paused flow run (an approval step: a `manualOnly` task or a `PauseSignal`): its
   * Paused task runs, or those of `taskRunIds`, become `Resume` due now, and a flow run waiting
   * for them (Paused, or otherwise Scheduled-like) becomes `Scheduled` now, so an agent picks it
   * up and the resumed tasks run. A Submitted or Running run is left as it is (its resumed task
   * runs are due, so the queue hands it out again). `BAD_USER_INPUT` when nothing is paused,
   * when a given task run is not a Paused task run of the flow run, or when the run is finished
   * or cancelling.
   */
  resumeFlowRun: ResumeFlowRunPayload;
  /** Revokes an API token; it stops working at once. USER only. */
  revokeApiToken: SuccessPayload;
  /**
   * Sets the concurrency limit on a task tag (at most `slots` task runs of tasks with the tag
   * Running at once, across every flow) or on a flow (at most `slots` Running runs of it, any
   * version). A run over the limit is stored `Queued` (the write answers `QUEUED`) and starts
   * when a slot frees. Give exactly one of `tag`, `flowId`, `flowGroupId`.
   */
  setConcurrencyLimit: ConcurrencyLimit;
  /**
   * Sets the parameters laid over the flows' parameter defaults in every new run of the group
   * (a run's own parameters go on top); a run gets only those its flow declares. A value the
   * JSON Schema of a parameter of an unarchived flow of the group refuses is `BAD_USER_INPUT`
   * naming its path. Runs already created keep theirs.
   */
  setFlowGroupDefaultParameters: SuccessPayload;
  /** Sets (or clears, with null) a flow group's description. */
  setFlowGroupDescription: SuccessPayload;
  /** Sets the labels of the group's new runs that are given none; null clears them (the flow's labels apply). */
  setFlowGroupLabels: SuccessPayload;
  /**
   * Replaces a flow group's whole schedule, which then overrides the schedule of every flow in
   * the group. Deletes the not-yet-started auto-scheduled runs of the group's flows and schedules
   * their next runs. An invalid cron expression (or one that never fires), interval or time zone
   * is `BAD_USER_INPUT` naming it; so is a schedule that would leave a required parameter of a scheduled flow without a
   * value.
   */
  setFlowGroupSchedule: SuccessPayload;
  /**
   * Writes flow-run states, each version-locked: `version` must equal the run's current version,
   * else `VERSION_LOCKING_ERROR`. The whole batch is one transaction. A Cancelled state also
   * cancels every unfinished task run.
   *
   * A transition no run can take is `BAD_USER_INPUT` (`extensions.details` has `currentState`,
   * `proposedState` and `allowedStates`): `Running` after a finished state (but `Looped`) or
   * `Cancelling`; `Cancelling` unless Running; `Submitted` after a running or finished state;
   * `Queued` after a finished state or `Cancelling`. Pending, the Scheduled family, every
   * finished state and `ClientFailed` may follow any state: restart a finished run by setting it
   * `Scheduled` (its task runs `Pending`).
   */
  setFlowRunStates: SetStatesPayload;
  /** Sets (or clears, with null) a project's description. */
  setProjectDescription: ProjectPayload;
  /**
   * Turns a flow's schedule on and schedules its next runs. Refused (`BAD_USER_INPUT`) when the
   * flow has no schedule, is archived, or has required parameters without defaults.
   */
  setScheduleActive: SuccessPayload;
  /** Turns a flow's schedule off and deletes its auto-scheduled runs that are still Scheduled. */
  setScheduleInactive: SuccessPayload;
  /**
   * Creates or replaces a secret of the tenant. The value is encrypted (AES-256-GCM) with the
   * server's secrets key and never returned. `NOT_CONFIGURED` when the server has no secrets key.
   * USER only.
   */
  setSecret: SetSecretPayload;
  /**
   * Writes task-run states, each version-locked like `setFlowRunStates`; with `flowRunVersion`
   * the flow run's version is checked too. A Running task run needs a Running flow run. The
   * transition rules of `setFlowRunStates` apply.
   */
  setTaskRunStates: SetStatesPayload;
  /** Records that a flow run's process is alive. */
  updateFlowRunHeartbeat: SuccessPayload;
  /** Records that a task run is alive. */
  updateTaskRunHeartbeat: SuccessPayload;
  /** Appends log lines. A missing timestamp is now, a missing level INFO. */
  writeRunLogs: SuccessPayload;
};


export type MutationArchiveFlowArgs = {
  input: ArchiveFlowInput;
};


export type MutationCancelFlowRunArgs = {
  input: CancelFlowRunInput;
};


export type MutationClaimFlowRunsArgs = {
  input: ClaimFlowRunsInput;
};


export type MutationCreateApiTokenArgs = {
  input: CreateApiTokenInput;
};


export type MutationCreateFlowArgs = {
  input: Scalars['createFlowInput']['input'];
};


export type MutationCreateFlowFromCompressedStringArgs = {
  input: CreateFlowFromCompressedStringInput;
};


export type MutationCreateFlowRunArgs = {
  input: CreateFlowRunInput;
};


export type MutationCreateProjectArgs = {
  input: CreateProjectInput;
};


export type MutationDeleteConcurrencyLimitArgs = {
  input: DeleteConcurrencyLimitInput;
};


export type MutationDeleteFlowArgs = {
  input: DeleteFlowInput;
};


export type MutationDeleteFlowGroupArgs = {
  input: DeleteFlowGroupInput;
};


export type MutationDeleteFlowGroupScheduleArgs = {
  input: DeleteFlowGroupScheduleInput;
};


export type MutationDeleteFlowRunArgs = {
  input: DeleteFlowRunInput;
};


export type MutationDeleteProjectArgs = {
  input: DeleteProjectInput;
};


export type MutationDeleteSecretArgs = {
  input: DeleteSecretInput;
};


export type MutationDisableFlowHeartbeatArgs = {
  input: DisableFlowHeartbeatInput;
};


export type MutationDisableFlowLazarusProcessArgs = {
  input: DisableFlowLazarusProcessInput;
};


export type MutationEnableFlowHeartbeatArgs = {
  input: EnableFlowHeartbeatInput;
};


export type MutationEnableFlowLazarusProcessArgs = {
  input: EnableFlowLazarusProcessInput;
};


export type MutationGetOrCreateTaskRunArgs = {
  input: GetOrCreateTaskRunInput;
};


export type MutationGetRunsInQueueArgs = {
  input: GetRunsInQueueInput;
};


export type MutationReadRunSecretArgs = {
  input: ReadRunSecretInput;
};


export type MutationRegisterAgentArgs = {
  input: RegisterAgentInput;
};


export type MutationRenameProjectArgs = {
  input: RenameProjectInput;
};


export type MutationResumeFlowRunArgs = {
  input: ResumeFlowRunInput;
};


export type MutationRevokeApiTokenArgs = {
  input: RevokeApiTokenInput;
};


export type MutationSetConcurrencyLimitArgs = {
  input: SetConcurrencyLimitInput;
};


export type MutationSetFlowGroupDefaultParametersArgs = {
  input: SetFlowGroupDefaultParametersInput;
};


export type MutationSetFlowGroupDescriptionArgs = {
  input: SetFlowGroupDescriptionInput;
};


export type MutationSetFlowGroupLabelsArgs = {
  input: SetFlowGroupLabelsInput;
};


export type MutationSetFlowGroupScheduleArgs = {
  input: SetFlowGroupScheduleInput;
};


export type MutationSetFlowRunStatesArgs = {
  input: SetFlowRunStatesInput;
};


export type MutationSetProjectDescriptionArgs = {
  input: SetProjectDescriptionInput;
};


export type MutationSetScheduleActiveArgs = {
  input: SetScheduleActiveInput;
};


export type MutationSetScheduleInactiveArgs = {
  input: SetScheduleInactiveInput;
};


export type MutationSetSecretArgs = {
  input: SetSecretInput;
};


export type MutationSetTaskRunStatesArgs = {
  input: SetTaskRunStatesInput;
};


export type MutationUpdateFlowRunHeartbeatArgs = {
  input: UpdateFlowRunHeartbeatInput;
};


export type MutationUpdateTaskRunHeartbeatArgs = {
  input: UpdateTaskRunHeartbeatInput;
};


export type MutationWriteRunLogsArgs = {
  input: WriteRunLogsInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass as `after` to get the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Project = {
  __typename?: 'Project';
  created: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  /** Number of version groups (distinct flows) in the project. */
  flowCount: Scalars['Int']['output'];
  /** Latest version of each flow in the project (`allVersions` for every version). */
  flows: Array<Flow>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  updated: Scalars['DateTime']['output'];
};


export type ProjectFlowsArgs = {
  allVersions?: InputMaybe<Scalars['Boolean']['input']>;
};

export type ProjectConnection = {
  __typename?: 'ProjectConnection';
  nodes: Array<Project>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ProjectPayload = {
  __typename?: 'ProjectPayload';
  id: Scalars['ID']['output'];
  project: Project;
};

export type Query = {
  __typename?: 'Query';
  /** Agents that registered with this tenant, most recently seen first. */
  agents: Array<Agent>;
  /** Agents that registered with this tenant, newest first, with cursor pagination. */
  agentsConnection: AgentConnection;
  /** What this server is. */
  api: ApiInfo;
  /** API tokens of the tenant (never their secret). USER only. */
  apiTokens: Array<ApiToken>;
  /**
   * API tokens of the tenant (never their secret), oldest first, with cursor pagination; revoked
   * ones only with `includeRevoked`. USER only.
   */
  apiTokensConnection: ApiTokenConnection;
  /** Who the calling token is. */
  authInfo: AuthInfo;
  /**
   * The newest unexpired Cached task-run states stored under `cacheKey` by any flow of the
   * tenant, newest first: what a task with `cacheFor` may reuse instead of running, once its
   * cache validator accepts one.
   */
  cachedTaskRunStates: Array<CachedTaskRunState>;
  /** Concurrency limits of the tenant (task tags, then flows), with the slots taken now. */
  concurrencyLimits: Array<ConcurrencyLimit>;
  /** One flow (any version) by id. Null when there is none. */
  flow?: Maybe<Flow>;
  /** One flow group (the settings every version of a flow shares) by id. Null when there is none. */
  flowGroup?: Maybe<FlowGroup>;
  /** One flow run by id. Null when there is none. */
  flowRun?: Maybe<FlowRun>;
  /** The append-only state history of a flow run, oldest first. */
  flowRunStates: Array<StateRecord>;
  /** Flow runs, filtered and ordered, with cursor pagination. */
  flowRuns: FlowRunConnection;
  /**
   * Flows. By default only the latest version of each version group (the newest unarchived
   * one, or the newest when all are archived); `allVersions: true` lists every version.
   * Ordered by name, then version descending.
   */
  flows: FlowConnection;
  /** Health check; needs no token. Returns a wave. */
  hello: Scalars['String']['output'];
  /** Log lines, oldest first, with cursor pagination. */
  logs: LogConnection;
  /** One project by id or by exact name (give one). Null when there is none. */
  project?: Maybe<Project>;
  /** Projects of the tenant, by name. */
  projects: Array<Project>;
  /**
   * Projects of the tenant by name (ties by id), with cursor pagination; `search` keeps those
   * whose name contains it, ignoring case. USER only.
   */
  projectsConnection: ProjectConnection;
  /** State types and their parents, as `@headwater/core`'s state hierarchy names them. */
  referenceData: ReferenceData;
  /** The tenant's secrets by name: names and times, never values. USER only. */
  secrets: Array<Secret>;
  /**
   * The distinct storage types (`Flow.storageType`) of the tenant's flows that are not archived,
   * sorted. An agent tries to resolve the plugins of the types it does not know yet.
   */
  storageTypes: Array<Scalars['String']['output']>;
  /** One task run by id. Null when there is none. */
  taskRun?: Maybe<TaskRun>;
  /** The append-only state history of a task run, oldest first. */
  taskRunStates: Array<StateRecord>;
  /** Task runs of one flow run (or of several), ordered by task slug then map index. */
  taskRuns: TaskRunConnection;
};


export type QueryAgentsConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryApiTokensConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeRevoked?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryCachedTaskRunStatesArgs = {
  cacheKey: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryFlowArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFlowGroupArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFlowRunArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFlowRunStatesArgs = {
  flowRunId: Scalars['ID']['input'];
};


export type QueryFlowRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<FlowRunFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<FlowRunOrder>;
};


export type QueryFlowsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  allVersions?: InputMaybe<Scalars['Boolean']['input']>;
  filter?: InputMaybe<FlowFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryLogsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter: LogFilter;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryProjectArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};


export type QueryProjectsArgs = {
  name?: InputMaybe<Scalars['String']['input']>;
};


export type QueryProjectsConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryTaskRunArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTaskRunStatesArgs = {
  taskRunId: Scalars['ID']['input'];
};


export type QueryTaskRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter: TaskRunFilter;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ReferenceData = {
  __typename?: 'ReferenceData';
  /** State types after which a run does nothing more. */
  finishedStates: Array<Scalars['String']['output']>;
  /** State types an agent picks up (Scheduled and its subclasses, Queued). */
  scheduledLikeStates: Array<Scalars['String']['output']>;
  /** Every state type with its parent. */
  stateTypes: Array<StateTypeInfo>;
};

export type RegisterAgentPayload = {
  __typename?: 'RegisterAgentPayload';
  id: Scalars['ID']['output'];
};

export type ResumeFlowRunPayload = {
  __typename?: 'ResumeFlowRunPayload';
  flowRun: FlowRun;
  /** The flow run's state after the call (`Scheduled`, or an unchanged Submitted/Running). */
  state: Scalars['String']['output'];
  /** The task runs put in `Resume`. */
  taskRuns: Array<TaskRun>;
};

export type RunLogInput = {
  flowRunId: Scalars['ID']['input'];
  info?: InputMaybe<Scalars['JSON']['input']>;
  /** Default INFO. */
  level?: InputMaybe<LogLevel>;
  message: Scalars['String']['input'];
  /** Logger name. */
  name?: InputMaybe<Scalars['String']['input']>;
  taskRunId?: InputMaybe<Scalars['ID']['input']>;
  /** Default now. */
  timestamp?: InputMaybe<Scalars['DateTime']['input']>;
};

export type RunSecretPayload = {
  __typename?: 'RunSecretPayload';
  name: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type RunsInQueuePayload = {
  __typename?: 'RunsInQueuePayload';
  flowRunIds: Array<Scalars['ID']['output']>;
};

/** A secret of the tenant: its value is never returned. */
export type Secret = {
  __typename?: 'Secret';
  created: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Letters, digits and `_`, starting with a letter or `_` (e.g. `DB_PASSWORD`). */
  name: Scalars['String']['output'];
  /** When the value was last set. */
  updated: Scalars['DateTime']['output'];
};

export type SetSecretPayload = {
  __typename?: 'SetSecretPayload';
  /** False when a secret of that name was replaced. */
  created: Scalars['Boolean']['output'];
  secret: Secret;
};

export type SetStateResult = {
  __typename?: 'SetStateResult';
  /** The flow run or task run id. */
  id: Scalars['ID']['output'];
  message?: Maybe<Scalars['String']['output']>;
  /** The stored state's start time; with `QUEUED`, when the run may try to start again. */
  startTime?: Maybe<Scalars['DateTime']['output']>;
  /** The stored state type. */
  state: Scalars['String']['output'];
  status: SetStateStatus;
  /** The run's new version; name it in the next write. */
  version: Scalars['Int']['output'];
};

/** Outcome of one accepted state write. */
export type SetStateStatus =
  /** The proposal was stored as `Queued` instead (reserved for concurrency limits). */
  | 'QUEUED'
  /** The state was stored as proposed. */
  | 'SUCCESS';

export type SetStatesPayload = {
  __typename?: 'SetStatesPayload';
  states: Array<SetStateResult>;
};

/** One entry of a run's append-only state history. */
export type StateRecord = {
  __typename?: 'StateRecord';
  id: Scalars['ID']['output'];
  message?: Maybe<Scalars['String']['output']>;
  serializedState: Scalars['JSON']['output'];
  /** The state's `start_time`, if it has one. */
  startTime?: Maybe<Scalars['DateTime']['output']>;
  state: Scalars['String']['output'];
  /** When the server stored it. */
  timestamp: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};

export type StateTypeInfo = {
  __typename?: 'StateTypeInfo';
  name: Scalars['String']['output'];
  parent?: Maybe<Scalars['String']['output']>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * A flow run each time it changes (state, heartbeat-independent fields). Give `flowRunId` for
   * one run, or `flowId` / `projectId` for many, or nothing for the whole tenant.
   */
  flowRunUpdated: FlowRun;
  /** New log lines of one flow run, in order, as they are written. */
  logsWritten: Array<Log>;
  /** Task runs of one flow run, each time one changes state. */
  taskRunUpdated: TaskRun;
};


export type SubscriptionFlowRunUpdatedArgs = {
  flowId?: InputMaybe<Scalars['ID']['input']>;
  flowRunId?: InputMaybe<Scalars['ID']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionLogsWrittenArgs = {
  flowRunId: Scalars['ID']['input'];
  minLevel?: InputMaybe<LogLevel>;
};


export type SubscriptionTaskRunUpdatedArgs = {
  flowRunId: Scalars['ID']['input'];
};

export type SuccessPayload = {
  __typename?: 'SuccessPayload';
  error?: Maybe<Scalars['String']['output']>;
  success: Scalars['Boolean']['output'];
};

export type Task = {
  __typename?: 'Task';
  autoGenerated: Scalars['Boolean']['output'];
  description?: Maybe<Scalars['String']['output']>;
  downstreamEdges: Array<Edge>;
  flowId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  isReferenceTask: Scalars['Boolean']['output'];
  isRootTask: Scalars['Boolean']['output'];
  isTerminalTask: Scalars['Boolean']['output'];
  mapped: Scalars['Boolean']['output'];
  maxRetries: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  /** Seconds between retries. */
  retryDelay?: Maybe<Scalars['Int']['output']>;
  slug: Scalars['String']['output'];
  tags: Array<Scalars['String']['output']>;
  trigger?: Maybe<Scalars['String']['output']>;
  type?: Maybe<Scalars['String']['output']>;
  upstreamEdges: Array<Edge>;
};

export type TaskRun = {
  __typename?: 'TaskRun';
  /** The key its Cached state is stored under (cross-run caching); null unless Cached. */
  cacheKey?: Maybe<Scalars['String']['output']>;
  /** The flow run of `cachedFromTaskRunId`. */
  cachedFromFlowRunId?: Maybe<Scalars['ID']['output']>;
  /** The task run whose Cached state this run reused; null unless it reused another run's. */
  cachedFromTaskRunId?: Maybe<Scalars['ID']['output']>;
  created: Scalars['DateTime']['output'];
  duration?: Maybe<Scalars['Float']['output']>;
  endTime?: Maybe<Scalars['DateTime']['output']>;
  flowRun: FlowRun;
  flowRunId: Scalars['ID']['output'];
  heartbeat?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** -1 when not mapped. */
  mapIndex: Scalars['Int']['output'];
  name?: Maybe<Scalars['String']['output']>;
  runCount: Scalars['Int']['output'];
  serializedState: Scalars['JSON']['output'];
  startTime?: Maybe<Scalars['DateTime']['output']>;
  state: Scalars['String']['output'];
  stateMessage?: Maybe<Scalars['String']['output']>;
  stateStartTime?: Maybe<Scalars['DateTime']['output']>;
  stateTimestamp: Scalars['DateTime']['output'];
  /** State history, oldest first. */
  states: Array<StateRecord>;
  task: Task;
  taskId: Scalars['ID']['output'];
  taskSlug: Scalars['String']['output'];
  updated: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};

export type TaskRunConnection = {
  __typename?: 'TaskRunConnection';
  nodes: Array<TaskRun>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type TaskRunFilter = {
  flowRunId?: InputMaybe<Scalars['ID']['input']>;
  flowRunIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  mapIndex?: InputMaybe<Scalars['Int']['input']>;
  states?: InputMaybe<Array<Scalars['String']['input']>>;
  taskId?: InputMaybe<Scalars['ID']['input']>;
};

export type TaskRunInfo = {
  __typename?: 'TaskRunInfo';
  id: Scalars['ID']['output'];
  serializedState: Scalars['JSON']['output'];
  state: Scalars['String']['output'];
  taskRun: TaskRun;
  version: Scalars['Int']['output'];
};

export type TaskRunStateInput = {
  /** With a Cached state: the key `cachedTaskRunStates` finds it by. */
  cacheKey?: InputMaybe<Scalars['String']['input']>;
  /** With a Cached state reused from another run: that run's task run. */
  cachedFromTaskRunId?: InputMaybe<Scalars['ID']['input']>;
  /** If given, the flow run's version must equal it too. */
  flowRunVersion?: InputMaybe<Scalars['Int']['input']>;
  state: Scalars['JSON']['input'];
  taskRunId: Scalars['ID']['input'];
  /** The task run's version the writer saw. */
  version: Scalars['Int']['input'];
};

/** Scope of an API token. */
export type TokenScope =
  /** Only what agents and flow runs need (see the schema description). */
  | 'RUNNER'
  /** Everything in the token's tenant. */
  | 'USER';

export type ArchiveFlowInput = {
  flowId: Scalars['ID']['input'];
};

export type CancelFlowRunInput = {
  flowRunId: Scalars['ID']['input'];
};

export type ClaimFlowRunsInput = {
  /** The agent's id from `registerAgent` (its labels and storage types decide what it is handed). */
  agentId: Scalars['ID']['input'];
  /**
   * Flow runs the agent is running now (at most 10,000): they are not handed to it again, so a
   * Running run whose process is about to run a due task run itself is not submitted twice.
   */
  heldFlowRunIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** At most this many runs, the agent's free slots (default 1, at most 500). */
  limit?: InputMaybe<Scalars['Int']['input']>;
  /**
   * Flows the agent has a loaded run process waiting for, once per process (at most 500): of the
   * Scheduled runs handed to it, that many of each such flow (when no concurrency limit applies to
   * the flow) are written Submitted and then Running in this claim, for those processes to adopt
   * at once instead of writing Running themselves. Other runs are handed Submitted, as without it.
   */
  loadedFlowIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /**
   * The agent's previous claim failed without an answer (a timeout, a lost connection), so it may
   * have submitted runs the agent never heard of: those (Submitted to this agent id, not among
   * `heldFlowRunIds`) are handed again first, each with a new Submitted state, instead of waiting
   * for lazarus. The new state's version fences any process started from the lost answer.
   */
  previousClaimLost?: InputMaybe<Scalars['Boolean']['input']>;
  /**
   * When nothing is due: wait up to this many milliseconds (at most 20,000) for a run this agent
   * can take to become due, and hand it in this answer, instead of answering empty at once. An
   * idle agent so gets a new run as soon as it is created, without a request of its own. Default 0.
   */
  waitMs?: InputMaybe<Scalars['Int']['input']>;
};

export type CreateApiTokenInput = {
  /** After this time the token no longer works. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  name: Scalars['String']['input'];
  scope: TokenScope;
};

export type CreateFlowFromCompressedStringInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** May be left out when the tenant has exactly one project. */
  projectId?: InputMaybe<Scalars['ID']['input']>;
  /** base64 of the gzipped serialized flow JSON. */
  serializedFlow: Scalars['String']['input'];
  setScheduleActive?: InputMaybe<Scalars['Boolean']['input']>;
  versionGroupId?: InputMaybe<Scalars['String']['input']>;
};

export type CreateFlowRunInput = {
  context?: InputMaybe<Scalars['JSON']['input']>;
  /** The flow version to run. Give this or `versionGroupId`. */
  flowId?: InputMaybe<Scalars['ID']['input']>;
  /** Unique per flow: the same key returns the existing run. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Default: the flow group's labels, else the flow's environment labels. */
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Default: a random two-word name. */
  name?: InputMaybe<Scalars['String']['input']>;
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  /** The task run starting this run (a `runFlow` task); shown as the run's parent. */
  parentTaskRunId?: InputMaybe<Scalars['ID']['input']>;
  /** When the run is due; default now. */
  scheduledStartTime?: InputMaybe<Scalars['DateTime']['input']>;
  /** Runs the newest unarchived version of the group. */
  versionGroupId?: InputMaybe<Scalars['String']['input']>;
};

export type CreateProjectInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
};

export type DeleteConcurrencyLimitInput = {
  flowGroupId?: InputMaybe<Scalars['ID']['input']>;
  flowId?: InputMaybe<Scalars['ID']['input']>;
  tag?: InputMaybe<Scalars['String']['input']>;
};

export type DeleteFlowGroupInput = {
  flowGroupId: Scalars['ID']['input'];
};

export type DeleteFlowGroupScheduleInput = {
  flowGroupId: Scalars['ID']['input'];
};

export type DeleteFlowInput = {
  flowId: Scalars['ID']['input'];
};

export type DeleteFlowRunInput = {
  flowRunId: Scalars['ID']['input'];
};

export type DeleteProjectInput = {
  projectId: Scalars['ID']['input'];
};

export type DeleteSecretInput = {
  name: Scalars['String']['input'];
};

export type DisableFlowHeartbeatInput = {
  flowId: Scalars['ID']['input'];
};

export type DisableFlowLazarusProcessInput = {
  flowId: Scalars['ID']['input'];
};

export type EnableFlowHeartbeatInput = {
  flowId: Scalars['ID']['input'];
};

export type EnableFlowLazarusProcessInput = {
  flowId: Scalars['ID']['input'];
};

export type GetOrCreateTaskRunInput = {
  flowRunId: Scalars['ID']['input'];
  /** -1 or null for an unmapped task run. */
  mapIndex?: InputMaybe<Scalars['Int']['input']>;
  taskId: Scalars['ID']['input'];
};

export type GetRunsInQueueInput = {
  /** If given, the agent's `lastQueried` is updated. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Default now. */
  before?: InputMaybe<Scalars['DateTime']['input']>;
  /** The agent's labels. */
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  /** At most this many ids (default 25, at most 500). */
  limit?: InputMaybe<Scalars['Int']['input']>;
  /**
   * The storage types the agent runs (`Flow.storageType`, e.g. `["Local"]`): only runs of flows
   * with one of them are returned. Null or left out: runs of any type (and of flows without storage).
   */
  storageTypes?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type ReadRunSecretInput = {
  /** The flow run reading it; the token must hold it. */
  flowRunId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};

export type RegisterAgentInput = {
  coreVersion?: InputMaybe<Scalars['String']['input']>;
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  name?: InputMaybe<Scalars['String']['input']>;
  /**
   * The storage types the agent runs, e.g. `["Local"]`. Null or left out: the agent does not
   * say, and counts as running any type.
   */
  storageTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** e.g. `DockerAgent`, `ProcessAgent`. */
  type: Scalars['String']['input'];
};

export type RenameProjectInput = {
  name: Scalars['String']['input'];
  projectId: Scalars['ID']['input'];
};

export type ResumeFlowRunInput = {
  flowRunId: Scalars['ID']['input'];
  /** Task runs to resume (each must be Paused); all the run's Paused task runs when omitted. */
  taskRunIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type RevokeApiTokenInput = {
  tokenId: Scalars['ID']['input'];
};

export type SetConcurrencyLimitInput = {
  flowGroupId?: InputMaybe<Scalars['ID']['input']>;
  /** A flow version; the limit applies to every version of it. */
  flowId?: InputMaybe<Scalars['ID']['input']>;
  /** 0 holds every run back. */
  slots: Scalars['Int']['input'];
  tag?: InputMaybe<Scalars['String']['input']>;
};

export type SetFlowGroupDefaultParametersInput = {
  flowGroupId: Scalars['ID']['input'];
  /** A JSON object. */
  parameters: Scalars['JSON']['input'];
};

export type SetFlowGroupDescriptionInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  flowGroupId: Scalars['ID']['input'];
};

export type SetFlowGroupLabelsInput = {
  flowGroupId: Scalars['ID']['input'];
  /** Null clears the group's labels (the flow's labels apply); `[]` gives new runs no labels. */
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type SetFlowGroupScheduleInput = {
  cronClocks?: InputMaybe<Array<CronClockInput>>;
  flowGroupId: Scalars['ID']['input'];
  intervalClocks?: InputMaybe<Array<IntervalClockInput>>;
  /** IANA time zone every clock runs in, e.g. `Europe/Berlin`. Default UTC. */
  timezone?: InputMaybe<Scalars['String']['input']>;
};

export type SetFlowRunStatesInput = {
  states: Array<FlowRunStateInput>;
};

export type SetProjectDescriptionInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  projectId: Scalars['ID']['input'];
};

export type SetScheduleActiveInput = {
  flowId: Scalars['ID']['input'];
};

export type SetScheduleInactiveInput = {
  flowId: Scalars['ID']['input'];
};

export type SetSecretInput = {
  name: Scalars['String']['input'];
  /** At most 64 KiB of UTF-8; not empty. */
  value: Scalars['String']['input'];
};

export type SetTaskRunStatesInput = {
  states: Array<TaskRunStateInput>;
};

export type UpdateFlowRunHeartbeatInput = {
  flowRunId: Scalars['ID']['input'];
};

export type UpdateTaskRunHeartbeatInput = {
  taskRunId: Scalars['ID']['input'];
};

export type WriteRunLogsInput = {
  logs: Array<RunLogInput>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Agent: ResolverTypeWrapper<AgentModel>;
  AgentConnection: ResolverTypeWrapper<AgentPage>;
  ApiInfo: ResolverTypeWrapper<ApiInfo>;
  ApiToken: ResolverTypeWrapper<ApiTokenModel>;
  ApiTokenConnection: ResolverTypeWrapper<ApiTokenPage>;
  AuthInfo: ResolverTypeWrapper<AuthInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CachedTaskRunState: ResolverTypeWrapper<CachedTaskRunState>;
  CancelFlowRunPayload: ResolverTypeWrapper<Omit<CancelFlowRunPayload, 'flowRun'> & { flowRun: ResolversTypes['FlowRun'] }>;
  ClaimFlowRunsPayload: ResolverTypeWrapper<Omit<ClaimFlowRunsPayload, 'claims'> & { claims: Array<ResolversTypes['FlowRunClaim']> }>;
  ConcurrencyLimit: ResolverTypeWrapper<ConcurrencyLimit>;
  ConcurrencyLimitKind: ConcurrencyLimitKind;
  CreateApiTokenPayload: ResolverTypeWrapper<Omit<CreateApiTokenPayload, 'apiToken'> & { apiToken: ResolversTypes['ApiToken'] }>;
  CreateFlowPayload: ResolverTypeWrapper<Omit<CreateFlowPayload, 'flow'> & { flow: ResolversTypes['Flow'] }>;
  CreateFlowRunPayload: ResolverTypeWrapper<Omit<CreateFlowRunPayload, 'flowRun'> & { flowRun: ResolversTypes['FlowRun'] }>;
  CreateProjectPayload: ResolverTypeWrapper<Omit<CreateProjectPayload, 'project'> & { project: ResolversTypes['Project'] }>;
  CronClockInput: CronClockInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Edge: ResolverTypeWrapper<EdgeModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Flow: ResolverTypeWrapper<FlowModel>;
  FlowConnection: ResolverTypeWrapper<FlowPage>;
  FlowFilter: FlowFilter;
  FlowGroup: ResolverTypeWrapper<FlowGroupModel>;
  FlowHealth: ResolverTypeWrapper<Omit<FlowHealth, 'runs'> & { runs: Array<ResolversTypes['FlowRun']> }>;
  FlowParameter: ResolverTypeWrapper<FlowParameter>;
  FlowRun: ResolverTypeWrapper<FlowRunModel>;
  FlowRunClaim: ResolverTypeWrapper<Omit<FlowRunClaim, 'flowRun' | 'taskRuns'> & { flowRun: ResolversTypes['FlowRun'], taskRuns: Array<ResolversTypes['TaskRun']> }>;
  FlowRunConnection: ResolverTypeWrapper<FlowRunPage>;
  FlowRunFilter: FlowRunFilter;
  FlowRunOrder: FlowRunOrder;
  FlowRunStateInput: FlowRunStateInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  IntervalClockInput: IntervalClockInput;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Log: ResolverTypeWrapper<LogModel>;
  LogConnection: ResolverTypeWrapper<LogPage>;
  LogFilter: LogFilter;
  LogLevel: LogLevel;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Project: ResolverTypeWrapper<ProjectModel>;
  ProjectConnection: ResolverTypeWrapper<ProjectPage>;
  ProjectPayload: ResolverTypeWrapper<Omit<ProjectPayload, 'project'> & { project: ResolversTypes['Project'] }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReferenceData: ResolverTypeWrapper<ReferenceData>;
  RegisterAgentPayload: ResolverTypeWrapper<RegisterAgentPayload>;
  ResumeFlowRunPayload: ResolverTypeWrapper<Omit<ResumeFlowRunPayload, 'flowRun' | 'taskRuns'> & { flowRun: ResolversTypes['FlowRun'], taskRuns: Array<ResolversTypes['TaskRun']> }>;
  RunLogInput: RunLogInput;
  RunSecretPayload: ResolverTypeWrapper<RunSecretPayload>;
  RunsInQueuePayload: ResolverTypeWrapper<RunsInQueuePayload>;
  Secret: ResolverTypeWrapper<Secret>;
  SetSecretPayload: ResolverTypeWrapper<SetSecretPayload>;
  SetStateResult: ResolverTypeWrapper<SetStateResult>;
  SetStateStatus: SetStateStatus;
  SetStatesPayload: ResolverTypeWrapper<SetStatesPayload>;
  StateRecord: ResolverTypeWrapper<StateRecordModel>;
  StateTypeInfo: ResolverTypeWrapper<StateTypeInfo>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SuccessPayload: ResolverTypeWrapper<SuccessPayload>;
  Task: ResolverTypeWrapper<TaskModel>;
  TaskRun: ResolverTypeWrapper<TaskRunModel>;
  TaskRunConnection: ResolverTypeWrapper<TaskRunPage>;
  TaskRunFilter: TaskRunFilter;
  TaskRunInfo: ResolverTypeWrapper<Omit<TaskRunInfo, 'taskRun'> & { taskRun: ResolversTypes['TaskRun'] }>;
  TaskRunStateInput: TaskRunStateInput;
  TokenScope: TokenScope;
  archiveFlowInput: ArchiveFlowInput;
  cancelFlowRunInput: CancelFlowRunInput;
  claimFlowRunsInput: ClaimFlowRunsInput;
  createApiTokenInput: CreateApiTokenInput;
  createFlowFromCompressedStringInput: CreateFlowFromCompressedStringInput;
  createFlowInput: ResolverTypeWrapper<Scalars['createFlowInput']['output']>;
  createFlowRunInput: CreateFlowRunInput;
  createProjectInput: CreateProjectInput;
  deleteConcurrencyLimitInput: DeleteConcurrencyLimitInput;
  deleteFlowGroupInput: DeleteFlowGroupInput;
  deleteFlowGroupScheduleInput: DeleteFlowGroupScheduleInput;
  deleteFlowInput: DeleteFlowInput;
  deleteFlowRunInput: DeleteFlowRunInput;
  deleteProjectInput: DeleteProjectInput;
  deleteSecretInput: DeleteSecretInput;
  disableFlowHeartbeatInput: DisableFlowHeartbeatInput;
  disableFlowLazarusProcessInput: DisableFlowLazarusProcessInput;
  enableFlowHeartbeatInput: EnableFlowHeartbeatInput;
  enableFlowLazarusProcessInput: EnableFlowLazarusProcessInput;
  getOrCreateTaskRunInput: GetOrCreateTaskRunInput;
  getRunsInQueueInput: GetRunsInQueueInput;
  readRunSecretInput: ReadRunSecretInput;
  registerAgentInput: RegisterAgentInput;
  renameProjectInput: RenameProjectInput;
  resumeFlowRunInput: ResumeFlowRunInput;
  revokeApiTokenInput: RevokeApiTokenInput;
  setConcurrencyLimitInput: SetConcurrencyLimitInput;
  setFlowGroupDefaultParametersInput: SetFlowGroupDefaultParametersInput;
  setFlowGroupDescriptionInput: SetFlowGroupDescriptionInput;
  setFlowGroupLabelsInput: SetFlowGroupLabelsInput;
  setFlowGroupScheduleInput: SetFlowGroupScheduleInput;
  setFlowRunStatesInput: SetFlowRunStatesInput;
  setProjectDescriptionInput: SetProjectDescriptionInput;
  setScheduleActiveInput: SetScheduleActiveInput;
  setScheduleInactiveInput: SetScheduleInactiveInput;
  setSecretInput: SetSecretInput;
  setTaskRunStatesInput: SetTaskRunStatesInput;
  updateFlowRunHeartbeatInput: UpdateFlowRunHeartbeatInput;
  updateTaskRunHeartbeatInput: UpdateTaskRunHeartbeatInput;
  writeRunLogsInput: WriteRunLogsInput;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Agent: AgentModel;
  AgentConnection: AgentPage;
  ApiInfo: ApiInfo;
  ApiToken: ApiTokenModel;
  ApiTokenConnection: ApiTokenPage;
  AuthInfo: AuthInfo;
  Boolean: Scalars['Boolean']['output'];
  CachedTaskRunState: CachedTaskRunState;
  CancelFlowRunPayload: Omit<CancelFlowRunPayload, 'flowRun'> & { flowRun: ResolversParentTypes['FlowRun'] };
  ClaimFlowRunsPayload: Omit<ClaimFlowRunsPayload, 'claims'> & { claims: Array<ResolversParentTypes['FlowRunClaim']> };
  ConcurrencyLimit: ConcurrencyLimit;
  CreateApiTokenPayload: Omit<CreateApiTokenPayload, 'apiToken'> & { apiToken: ResolversParentTypes['ApiToken'] };
  CreateFlowPayload: Omit<CreateFlowPayload, 'flow'> & { flow: ResolversParentTypes['Flow'] };
  CreateFlowRunPayload: Omit<CreateFlowRunPayload, 'flowRun'> & { flowRun: ResolversParentTypes['FlowRun'] };
  CreateProjectPayload: Omit<CreateProjectPayload, 'project'> & { project: ResolversParentTypes['Project'] };
  CronClockInput: CronClockInput;
  DateTime: Scalars['DateTime']['output'];
  Edge: EdgeModel;
  Float: Scalars['Float']['output'];
  Flow: FlowModel;
  FlowConnection: FlowPage;
  FlowFilter: FlowFilter;
  FlowGroup: FlowGroupModel;
  FlowHealth: Omit<FlowHealth, 'runs'> & { runs: Array<ResolversParentTypes['FlowRun']> };
  FlowParameter: FlowParameter;
  FlowRun: FlowRunModel;
  FlowRunClaim: Omit<FlowRunClaim, 'flowRun' | 'taskRuns'> & { flowRun: ResolversParentTypes['FlowRun'], taskRuns: Array<ResolversParentTypes['TaskRun']> };
  FlowRunConnection: FlowRunPage;
  FlowRunFilter: FlowRunFilter;
  FlowRunStateInput: FlowRunStateInput;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  IntervalClockInput: IntervalClockInput;
  JSON: Scalars['JSON']['output'];
  Log: LogModel;
  LogConnection: LogPage;
  LogFilter: LogFilter;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Project: ProjectModel;
  ProjectConnection: ProjectPage;
  ProjectPayload: Omit<ProjectPayload, 'project'> & { project: ResolversParentTypes['Project'] };
  Query: Record<PropertyKey, never>;
  ReferenceData: ReferenceData;
  RegisterAgentPayload: RegisterAgentPayload;
  ResumeFlowRunPayload: Omit<ResumeFlowRunPayload, 'flowRun' | 'taskRuns'> & { flowRun: ResolversParentTypes['FlowRun'], taskRuns: Array<ResolversParentTypes['TaskRun']> };
  RunLogInput: RunLogInput;
  RunSecretPayload: RunSecretPayload;
  RunsInQueuePayload: RunsInQueuePayload;
  Secret: Secret;
  SetSecretPayload: SetSecretPayload;
  SetStateResult: SetStateResult;
  SetStatesPayload: SetStatesPayload;
  StateRecord: StateRecordModel;
  StateTypeInfo: StateTypeInfo;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  SuccessPayload: SuccessPayload;
  Task: TaskModel;
  TaskRun: TaskRunModel;
  TaskRunConnection: TaskRunPage;
  TaskRunFilter: TaskRunFilter;
  TaskRunInfo: Omit<TaskRunInfo, 'taskRun'> & { taskRun: ResolversParentTypes['TaskRun'] };
  TaskRunStateInput: TaskRunStateInput;
  archiveFlowInput: ArchiveFlowInput;
  cancelFlowRunInput: CancelFlowRunInput;
  claimFlowRunsInput: ClaimFlowRunsInput;
  createApiTokenInput: CreateApiTokenInput;
  createFlowFromCompressedStringInput: CreateFlowFromCompressedStringInput;
  createFlowInput: Scalars['createFlowInput']['output'];
  createFlowRunInput: CreateFlowRunInput;
  createProjectInput: CreateProjectInput;
  deleteConcurrencyLimitInput: DeleteConcurrencyLimitInput;
  deleteFlowGroupInput: DeleteFlowGroupInput;
  deleteFlowGroupScheduleInput: DeleteFlowGroupScheduleInput;
  deleteFlowInput: DeleteFlowInput;
  deleteFlowRunInput: DeleteFlowRunInput;
  deleteProjectInput: DeleteProjectInput;
  deleteSecretInput: DeleteSecretInput;
  disableFlowHeartbeatInput: DisableFlowHeartbeatInput;
  disableFlowLazarusProcessInput: DisableFlowLazarusProcessInput;
  enableFlowHeartbeatInput: EnableFlowHeartbeatInput;
  enableFlowLazarusProcessInput: EnableFlowLazarusProcessInput;
  getOrCreateTaskRunInput: GetOrCreateTaskRunInput;
  getRunsInQueueInput: GetRunsInQueueInput;
  readRunSecretInput: ReadRunSecretInput;
  registerAgentInput: RegisterAgentInput;
  renameProjectInput: RenameProjectInput;
  resumeFlowRunInput: ResumeFlowRunInput;
  revokeApiTokenInput: RevokeApiTokenInput;
  setConcurrencyLimitInput: SetConcurrencyLimitInput;
  setFlowGroupDefaultParametersInput: SetFlowGroupDefaultParametersInput;
  setFlowGroupDescriptionInput: SetFlowGroupDescriptionInput;
  setFlowGroupLabelsInput: SetFlowGroupLabelsInput;
  setFlowGroupScheduleInput: SetFlowGroupScheduleInput;
  setFlowRunStatesInput: SetFlowRunStatesInput;
  setProjectDescriptionInput: SetProjectDescriptionInput;
  setScheduleActiveInput: SetScheduleActiveInput;
  setScheduleInactiveInput: SetScheduleInactiveInput;
  setSecretInput: SetSecretInput;
  setTaskRunStatesInput: SetTaskRunStatesInput;
  updateFlowRunHeartbeatInput: UpdateFlowRunHeartbeatInput;
  updateTaskRunHeartbeatInput: UpdateTaskRunHeartbeatInput;
  writeRunLogsInput: WriteRunLogsInput;
};

export type AgentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Agent'] = ResolversParentTypes['Agent']> = {
  coreVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  created?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  lastQueried?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  storageTypes?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AgentConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AgentConnection'] = ResolversParentTypes['AgentConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Agent']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ApiInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApiInfo'] = ResolversParentTypes['ApiInfo']> = {
  backend?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  coreVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  database?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ApiTokenResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApiToken'] = ResolversParentTypes['ApiToken']> = {
  created?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsed?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revoked?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  scope?: Resolver<ResolversTypes['TokenScope'], ParentType, ContextType>;
};

export type ApiTokenConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApiTokenConnection'] = ResolversParentTypes['ApiTokenConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['ApiToken']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AuthInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuthInfo'] = ResolversParentTypes['AuthInfo']> = {
  scope?: Resolver<ResolversTypes['TokenScope'], ParentType, ContextType>;
  tenantId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  tenantName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tokenId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  tokenName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CachedTaskRunStateResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CachedTaskRunState'] = ResolversParentTypes['CachedTaskRunState']> = {
  flowRunId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  serializedState?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  taskRunId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type CancelFlowRunPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CancelFlowRunPayload'] = ResolversParentTypes['CancelFlowRunPayload']> = {
  flowRun?: Resolver<ResolversTypes['FlowRun'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ClaimFlowRunsPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ClaimFlowRunsPayload'] = ResolversParentTypes['ClaimFlowRunsPayload']> = {
  claims?: Resolver<Array<ResolversTypes['FlowRunClaim']>, ParentType, ContextType>;
  nextDueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type ConcurrencyLimitResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConcurrencyLimit'] = ResolversParentTypes['ConcurrencyLimit']> = {
  created?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  flowGroupId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  flowName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ConcurrencyLimitKind'], ParentType, ContextType>;
  running?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  slots?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tag?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type CreateApiTokenPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateApiTokenPayload'] = ResolversParentTypes['CreateApiTokenPayload']> = {
  apiToken?: Resolver<ResolversTypes['ApiToken'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CreateFlowPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateFlowPayload'] = ResolversParentTypes['CreateFlowPayload']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  flow?: Resolver<ResolversTypes['Flow'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type CreateFlowRunPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateFlowRunPayload'] = ResolversParentTypes['CreateFlowRunPayload']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  flowRun?: Resolver<ResolversTypes['FlowRun'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type CreateProjectPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateProjectPayload'] = ResolversParentTypes['CreateProjectPayload']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Edge'] = ResolversParentTypes['Edge']> = {
  downstreamTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType>;
  downstreamTaskId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  flowId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  mapped?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  upstreamTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType>;
  upstreamTaskId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type FlowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Flow'] = ResolversParentTypes['Flow']> = {
  archived?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  coreVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  created?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  edges?: Resolver<Array<ResolversTypes['Edge']>, ParentType, ContextType>;
  environment?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  flowGroup?: Resolver<ResolversTypes['FlowGroup'], ParentType, ContextType>;
  flowGroupId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  health?: Resolver<ResolversTypes['FlowHealth'], ParentType, ContextType, RequireFields<FlowHealthArgs, 'last'>>;
  heartbeatEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  idempotencyKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  isScheduleActive?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  lazarusEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parameters?: Resolver<Array<ResolversTypes['FlowParameter']>, ParentType, ContextType>;
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType>;
  projectId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  schedule?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  serializedFlow?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  storage?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  storageType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tasks?: Resolver<Array<ResolversTypes['Task']>, ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  versionGroupId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['Flow']>, ParentType, ContextType>;
};

export type FlowConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlowConnection'] = ResolversParentTypes['FlowConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Flow']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FlowGroupResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlowGroup'] = ResolversParentTypes['FlowGroup']> = {
  created?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  defaultParameters?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  flows?: Resolver<Array<ResolversTypes['Flow']>, ParentType, ContextType>;
  heartbeatEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  labels?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  lazarusEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  schedule?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  versionGroupId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type FlowHealthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlowHealth'] = ResolversParentTypes['FlowHealth']> = {
  medianDuration?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  runs?: Resolver<Array<ResolversTypes['FlowRun']>, ParentType, ContextType>;
  successRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type FlowParameterResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlowParameter'] = ResolversParentTypes['FlowParameter']> = {
  default?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  required?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  schema?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type FlowRunResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlowRun'] = ResolversParentTypes['FlowRun']> = {
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  agentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  autoScheduled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  context?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  created?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  duration?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  endTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  failure?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  flow?: Resolver<ResolversTypes['Flow'], ParentType, ContextType>;
  flowId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  heartbeat?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  idempotencyKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parameters?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  parentFlowRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  parentTaskRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  scheduledStartTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  serializedState?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  startTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stateMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stateStartTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  stateTimestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  states?: Resolver<Array<ResolversTypes['StateRecord']>, ParentType, ContextType>;
  taskRuns?: Resolver<Array<ResolversTypes['TaskRun']>, ParentType, ContextType>;
  timesResurrected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  waitingFor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type FlowRunClaimResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlowRunClaim'] = ResolversParentTypes['FlowRunClaim']> = {
  flowRun?: Resolver<ResolversTypes['FlowRun'], ParentType, ContextType>;
  taskRuns?: Resolver<Array<ResolversTypes['TaskRun']>, ParentType, ContextType>;
};

export type FlowRunConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlowRunConnection'] = ResolversParentTypes['FlowRunConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['FlowRun']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LogResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Log'] = ResolversParentTypes['Log']> = {
  flowRunId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  info?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  level?: Resolver<ResolversTypes['LogLevel'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  taskRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type LogConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LogConnection'] = ResolversParentTypes['LogConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Log']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  archiveFlow?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationArchiveFlowArgs, 'input'>>;
  cancelFlowRun?: Resolver<ResolversTypes['CancelFlowRunPayload'], ParentType, ContextType, RequireFields<MutationCancelFlowRunArgs, 'input'>>;
  claimFlowRuns?: Resolver<ResolversTypes['ClaimFlowRunsPayload'], ParentType, ContextType, RequireFields<MutationClaimFlowRunsArgs, 'input'>>;
  createApiToken?: Resolver<ResolversTypes['CreateApiTokenPayload'], ParentType, ContextType, RequireFields<MutationCreateApiTokenArgs, 'input'>>;
  createFlow?: Resolver<ResolversTypes['CreateFlowPayload'], ParentType, ContextType, RequireFields<MutationCreateFlowArgs, 'input'>>;
  createFlowFromCompressedString?: Resolver<ResolversTypes['CreateFlowPayload'], ParentType, ContextType, RequireFields<MutationCreateFlowFromCompressedStringArgs, 'input'>>;
  createFlowRun?: Resolver<ResolversTypes['CreateFlowRunPayload'], ParentType, ContextType, RequireFields<MutationCreateFlowRunArgs, 'input'>>;
  createProject?: Resolver<ResolversTypes['CreateProjectPayload'], ParentType, ContextType, RequireFields<MutationCreateProjectArgs, 'input'>>;
  deleteConcurrencyLimit?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationDeleteConcurrencyLimitArgs, 'input'>>;
  deleteFlow?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationDeleteFlowArgs, 'input'>>;
  deleteFlowGroup?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationDeleteFlowGroupArgs, 'input'>>;
  deleteFlowGroupSchedule?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationDeleteFlowGroupScheduleArgs, 'input'>>;
  deleteFlowRun?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationDeleteFlowRunArgs, 'input'>>;
  deleteProject?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationDeleteProjectArgs, 'input'>>;
  deleteSecret?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationDeleteSecretArgs, 'input'>>;
  disableFlowHeartbeat?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationDisableFlowHeartbeatArgs, 'input'>>;
  disableFlowLazarusProcess?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationDisableFlowLazarusProcessArgs, 'input'>>;
  enableFlowHeartbeat?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationEnableFlowHeartbeatArgs, 'input'>>;
  enableFlowLazarusProcess?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationEnableFlowLazarusProcessArgs, 'input'>>;
  getOrCreateTaskRun?: Resolver<ResolversTypes['TaskRunInfo'], ParentType, ContextType, RequireFields<MutationGetOrCreateTaskRunArgs, 'input'>>;
  getRunsInQueue?: Resolver<ResolversTypes['RunsInQueuePayload'], ParentType, ContextType, RequireFields<MutationGetRunsInQueueArgs, 'input'>>;
  readRunSecret?: Resolver<ResolversTypes['RunSecretPayload'], ParentType, ContextType, RequireFields<MutationReadRunSecretArgs, 'input'>>;
  registerAgent?: Resolver<ResolversTypes['RegisterAgentPayload'], ParentType, ContextType, RequireFields<MutationRegisterAgentArgs, 'input'>>;
  renameProject?: Resolver<ResolversTypes['ProjectPayload'], ParentType, ContextType, RequireFields<MutationRenameProjectArgs, 'input'>>;
  resumeFlowRun?: Resolver<ResolversTypes['ResumeFlowRunPayload'], ParentType, ContextType, RequireFields<MutationResumeFlowRunArgs, 'input'>>;
  revokeApiToken?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationRevokeApiTokenArgs, 'input'>>;
  setConcurrencyLimit?: Resolver<ResolversTypes['ConcurrencyLimit'], ParentType, ContextType, RequireFields<MutationSetConcurrencyLimitArgs, 'input'>>;
  setFlowGroupDefaultParameters?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationSetFlowGroupDefaultParametersArgs, 'input'>>;
  setFlowGroupDescription?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationSetFlowGroupDescriptionArgs, 'input'>>;
  setFlowGroupLabels?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationSetFlowGroupLabelsArgs, 'input'>>;
  setFlowGroupSchedule?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationSetFlowGroupScheduleArgs, 'input'>>;
  setFlowRunStates?: Resolver<ResolversTypes['SetStatesPayload'], ParentType, ContextType, RequireFields<MutationSetFlowRunStatesArgs, 'input'>>;
  setProjectDescription?: Resolver<ResolversTypes['ProjectPayload'], ParentType, ContextType, RequireFields<MutationSetProjectDescriptionArgs, 'input'>>;
  setScheduleActive?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationSetScheduleActiveArgs, 'input'>>;
  setScheduleInactive?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationSetScheduleInactiveArgs, 'input'>>;
  setSecret?: Resolver<ResolversTypes['SetSecretPayload'], ParentType, ContextType, RequireFields<MutationSetSecretArgs, 'input'>>;
  setTaskRunStates?: Resolver<ResolversTypes['SetStatesPayload'], ParentType, ContextType, RequireFields<MutationSetTaskRunStatesArgs, 'input'>>;
  updateFlowRunHeartbeat?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationUpdateFlowRunHeartbeatArgs, 'input'>>;
  updateTaskRunHeartbeat?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationUpdateTaskRunHeartbeatArgs, 'input'>>;
  writeRunLogs?: Resolver<ResolversTypes['SuccessPayload'], ParentType, ContextType, RequireFields<MutationWriteRunLogsArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ProjectResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Project'] = ResolversParentTypes['Project']> = {
  created?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  flowCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  flows?: Resolver<Array<ResolversTypes['Flow']>, ParentType, ContextType, RequireFields<ProjectFlowsArgs, 'allVersions'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type ProjectConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProjectConnection'] = ResolversParentTypes['ProjectConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Project']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ProjectPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProjectPayload'] = ResolversParentTypes['ProjectPayload']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  agents?: Resolver<Array<ResolversTypes['Agent']>, ParentType, ContextType>;
  agentsConnection?: Resolver<ResolversTypes['AgentConnection'], ParentType, ContextType, RequireFields<QueryAgentsConnectionArgs, 'first'>>;
  api?: Resolver<ResolversTypes['ApiInfo'], ParentType, ContextType>;
  apiTokens?: Resolver<Array<ResolversTypes['ApiToken']>, ParentType, ContextType>;
  apiTokensConnection?: Resolver<ResolversTypes['ApiTokenConnection'], ParentType, ContextType, RequireFields<QueryApiTokensConnectionArgs, 'first' | 'includeRevoked'>>;
  authInfo?: Resolver<ResolversTypes['AuthInfo'], ParentType, ContextType>;
  cachedTaskRunStates?: Resolver<Array<ResolversTypes['CachedTaskRunState']>, ParentType, ContextType, RequireFields<QueryCachedTaskRunStatesArgs, 'cacheKey' | 'first'>>;
  concurrencyLimits?: Resolver<Array<ResolversTypes['ConcurrencyLimit']>, ParentType, ContextType>;
  flow?: Resolver<Maybe<ResolversTypes['Flow']>, ParentType, ContextType, RequireFields<QueryFlowArgs, 'id'>>;
  flowGroup?: Resolver<Maybe<ResolversTypes['FlowGroup']>, ParentType, ContextType, RequireFields<QueryFlowGroupArgs, 'id'>>;
  flowRun?: Resolver<Maybe<ResolversTypes['FlowRun']>, ParentType, ContextType, RequireFields<QueryFlowRunArgs, 'id'>>;
  flowRunStates?: Resolver<Array<ResolversTypes['StateRecord']>, ParentType, ContextType, RequireFields<QueryFlowRunStatesArgs, 'flowRunId'>>;
  flowRuns?: Resolver<ResolversTypes['FlowRunConnection'], ParentType, ContextType, RequireFields<QueryFlowRunsArgs, 'first' | 'orderBy'>>;
  flows?: Resolver<ResolversTypes['FlowConnection'], ParentType, ContextType, RequireFields<QueryFlowsArgs, 'allVersions' | 'first'>>;
  hello?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  logs?: Resolver<ResolversTypes['LogConnection'], ParentType, ContextType, RequireFields<QueryLogsArgs, 'filter' | 'first'>>;
  project?: Resolver<Maybe<ResolversTypes['Project']>, ParentType, ContextType, Partial<QueryProjectArgs>>;
  projects?: Resolver<Array<ResolversTypes['Project']>, ParentType, ContextType, Partial<QueryProjectsArgs>>;
  projectsConnection?: Resolver<ResolversTypes['ProjectConnection'], ParentType, ContextType, RequireFields<QueryProjectsConnectionArgs, 'first'>>;
  referenceData?: Resolver<ResolversTypes['ReferenceData'], ParentType, ContextType>;
  secrets?: Resolver<Array<ResolversTypes['Secret']>, ParentType, ContextType>;
  storageTypes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  taskRun?: Resolver<Maybe<ResolversTypes['TaskRun']>, ParentType, ContextType, RequireFields<QueryTaskRunArgs, 'id'>>;
  taskRunStates?: Resolver<Array<ResolversTypes['StateRecord']>, ParentType, ContextType, RequireFields<QueryTaskRunStatesArgs, 'taskRunId'>>;
  taskRuns?: Resolver<ResolversTypes['TaskRunConnection'], ParentType, ContextType, RequireFields<QueryTaskRunsArgs, 'filter' | 'first'>>;
};

export type ReferenceDataResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReferenceData'] = ResolversParentTypes['ReferenceData']> = {
  finishedStates?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  scheduledLikeStates?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  stateTypes?: Resolver<Array<ResolversTypes['StateTypeInfo']>, ParentType, ContextType>;
};

export type RegisterAgentPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RegisterAgentPayload'] = ResolversParentTypes['RegisterAgentPayload']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ResumeFlowRunPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ResumeFlowRunPayload'] = ResolversParentTypes['ResumeFlowRunPayload']> = {
  flowRun?: Resolver<ResolversTypes['FlowRun'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taskRuns?: Resolver<Array<ResolversTypes['TaskRun']>, ParentType, ContextType>;
};

export type RunSecretPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RunSecretPayload'] = ResolversParentTypes['RunSecretPayload']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type RunsInQueuePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RunsInQueuePayload'] = ResolversParentTypes['RunsInQueuePayload']> = {
  flowRunIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type SecretResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Secret'] = ResolversParentTypes['Secret']> = {
  created?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type SetSecretPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SetSecretPayload'] = ResolversParentTypes['SetSecretPayload']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['Secret'], ParentType, ContextType>;
};

export type SetStateResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SetStateResult'] = ResolversParentTypes['SetStateResult']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SetStateStatus'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SetStatesPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SetStatesPayload'] = ResolversParentTypes['SetStatesPayload']> = {
  states?: Resolver<Array<ResolversTypes['SetStateResult']>, ParentType, ContextType>;
};

export type StateRecordResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StateRecord'] = ResolversParentTypes['StateRecord']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  serializedState?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  startTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type StateTypeInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StateTypeInfo'] = ResolversParentTypes['StateTypeInfo']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  flowRunUpdated?: SubscriptionResolver<ResolversTypes['FlowRun'], "flowRunUpdated", ParentType, ContextType, Partial<SubscriptionFlowRunUpdatedArgs>>;
  logsWritten?: SubscriptionResolver<Array<ResolversTypes['Log']>, "logsWritten", ParentType, ContextType, RequireFields<SubscriptionLogsWrittenArgs, 'flowRunId'>>;
  taskRunUpdated?: SubscriptionResolver<ResolversTypes['TaskRun'], "taskRunUpdated", ParentType, ContextType, RequireFields<SubscriptionTaskRunUpdatedArgs, 'flowRunId'>>;
};

export type SuccessPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SuccessPayload'] = ResolversParentTypes['SuccessPayload']> = {
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  success?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type TaskResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Task'] = ResolversParentTypes['Task']> = {
  autoGenerated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  downstreamEdges?: Resolver<Array<ResolversTypes['Edge']>, ParentType, ContextType>;
  flowId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isReferenceTask?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  isRootTask?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  isTerminalTask?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  mapped?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  maxRetries?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  retryDelay?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  trigger?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  upstreamEdges?: Resolver<Array<ResolversTypes['Edge']>, ParentType, ContextType>;
};

export type TaskRunResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TaskRun'] = ResolversParentTypes['TaskRun']> = {
  cacheKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cachedFromFlowRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  cachedFromTaskRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  created?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  duration?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  endTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  flowRun?: Resolver<ResolversTypes['FlowRun'], ParentType, ContextType>;
  flowRunId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  heartbeat?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  mapIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  runCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  serializedState?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  startTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stateMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stateStartTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  stateTimestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  states?: Resolver<Array<ResolversTypes['StateRecord']>, ParentType, ContextType>;
  task?: Resolver<ResolversTypes['Task'], ParentType, ContextType>;
  taskId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  taskSlug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TaskRunConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TaskRunConnection'] = ResolversParentTypes['TaskRunConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['TaskRun']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TaskRunInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TaskRunInfo'] = ResolversParentTypes['TaskRunInfo']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  serializedState?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taskRun?: Resolver<ResolversTypes['TaskRun'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface CreateFlowInputScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['createFlowInput'], any> {
  name: 'createFlowInput';
}

export type Resolvers<ContextType = GraphQLContext> = {
  Agent?: AgentResolvers<ContextType>;
  AgentConnection?: AgentConnectionResolvers<ContextType>;
  ApiInfo?: ApiInfoResolvers<ContextType>;
  ApiToken?: ApiTokenResolvers<ContextType>;
  ApiTokenConnection?: ApiTokenConnectionResolvers<ContextType>;
  AuthInfo?: AuthInfoResolvers<ContextType>;
  CachedTaskRunState?: CachedTaskRunStateResolvers<ContextType>;
  CancelFlowRunPayload?: CancelFlowRunPayloadResolvers<ContextType>;
  ClaimFlowRunsPayload?: ClaimFlowRunsPayloadResolvers<ContextType>;
  ConcurrencyLimit?: ConcurrencyLimitResolvers<ContextType>;
  CreateApiTokenPayload?: CreateApiTokenPayloadResolvers<ContextType>;
  CreateFlowPayload?: CreateFlowPayloadResolvers<ContextType>;
  CreateFlowRunPayload?: CreateFlowRunPayloadResolvers<ContextType>;
  CreateProjectPayload?: CreateProjectPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Edge?: EdgeResolvers<ContextType>;
  Flow?: FlowResolvers<ContextType>;
  FlowConnection?: FlowConnectionResolvers<ContextType>;
  FlowGroup?: FlowGroupResolvers<ContextType>;
  FlowHealth?: FlowHealthResolvers<ContextType>;
  FlowParameter?: FlowParameterResolvers<ContextType>;
  FlowRun?: FlowRunResolvers<ContextType>;
  FlowRunClaim?: FlowRunClaimResolvers<ContextType>;
  FlowRunConnection?: FlowRunConnectionResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Log?: LogResolvers<ContextType>;
  LogConnection?: LogConnectionResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Project?: ProjectResolvers<ContextType>;
  ProjectConnection?: ProjectConnectionResolvers<ContextType>;
  ProjectPayload?: ProjectPayloadResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ReferenceData?: ReferenceDataResolvers<ContextType>;
  RegisterAgentPayload?: RegisterAgentPayloadResolvers<ContextType>;
  ResumeFlowRunPayload?: ResumeFlowRunPayloadResolvers<ContextType>;
  RunSecretPayload?: RunSecretPayloadResolvers<ContextType>;
  RunsInQueuePayload?: RunsInQueuePayloadResolvers<ContextType>;
  Secret?: SecretResolvers<ContextType>;
  SetSecretPayload?: SetSecretPayloadResolvers<ContextType>;
  SetStateResult?: SetStateResultResolvers<ContextType>;
  SetStatesPayload?: SetStatesPayloadResolvers<ContextType>;
  StateRecord?: StateRecordResolvers<ContextType>;
  StateTypeInfo?: StateTypeInfoResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SuccessPayload?: SuccessPayloadResolvers<ContextType>;
  Task?: TaskResolvers<ContextType>;
  TaskRun?: TaskRunResolvers<ContextType>;
  TaskRunConnection?: TaskRunConnectionResolvers<ContextType>;
  TaskRunInfo?: TaskRunInfoResolvers<ContextType>;
  createFlowInput?: GraphQLScalarType;
};


import type { Flow } from '@headwater/core';
import { getOperationAST, parse } from 'graphql';
import type {
  ApiInfo,
  ApiToken,
  AuthInfo,
  CachedTaskRunState,
  ConcurrencyLimit,
  ConcurrencyLimitTarget,
  FlowDetail,
  FlowGroup,
  FlowGroupScheduleInput,
  FlowRunClaims,
  FlowRunInfo,
  FlowRunSummary,
  FlowSummary,
  LogLevel,
  Page,
  PageOptions,
  Project,
  ResumedFlowRun,
  RunLog,
  Secret,
  SetStateResult,
  StateRecord,
  TaskRunInfo,
  TaskRunSummary,
  TokenScope,
} from './api-types.js';
import {
  type Connection,
  type ResolveConnectionOptions,
  resolveConnection,
} from './auth/resolve-connection.js';
import { type DeployedFlow, type DeployOptions, deployWithClient } from './deploy.js';
import { NotFoundError } from './errors/not-found-error.js';
import * as documents from './graphql-documents.js';
import { appliedStateWrites } from './transport/applied-state-writes.js';
import {
  type GraphQLRequestOptions,
  GraphQLTransport,
  type RetryOptions,
} from './transport/graphql-transport.js';

/** Options of a {@link Client}. */
export interface ClientOptions extends ResolveConnectionOptions {
  retry?: RetryOptions;
  /** Per-request timeout. @default 30000 */
  timeoutMs?: number;
  /** Further headers, read before every request. */
  headers?: () => Record<string, string>;
  /** The fetch implementation requests go through. @default a request over `node:http(s)`, which starts faster than the global fetch */
  fetch?: typeof fetch;
}

/** A state to write: its wire form, or an object that serializes to it (core's `State`). */
export type StateInput = Record<string, unknown> | { serialize(): unknown };

/** Abort signal accepted by every method. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface CreateFlowOptions extends CallOptions {
  /** The project to register the flow in. May be left out when the tenant has exactly one project. */
  projectId?: string;
  /** @default true */
  setScheduleActive?: boolean;
  /** Registers the flow as a new version of this group. @default the group of the flow's name in the project */
  versionGroupId?: string;
  /**
   * The same key as the group's last registration returns that flow instead of a new version.
   * @default a random key, so that a retried request never registers twice
   */
  idempotencyKey?: string;
  description?: string;
  /** Send the flow as base64 of its gzipped JSON (`createFlowFromCompressedString`). @default true */
  compressed?: boolean;
}

/** A registered flow version. */
export interface CreatedFlow {
  id: string;
  name: string;
  version: number;
  versionGroupId: string;
  /** False when the idempotency key matched an existing registration. */
  created: boolean;
}

export interface CreateFlowRunInput extends CallOptions {
  /** The flow version to run; give this or `versionGroupId`. */
  flowId?: string;
  /** Runs the newest unarchived version of the group. */
  versionGroupId?: string;
  parameters?: Record<string, unknown>;
  context?: Record<string, unknown>;
  /** When the run is due. @default now */
  scheduledStartTime?: Date | string;
  /**
   * The same key on the same flow returns the existing run.
   * @default a random key, so that a retried request never creates two runs
   */
  idempotencyKey?: string;
  /** @default a random two-word name */
  name?: string;
  /** @default the flow's environment labels */
  labels?: string[];
  /** The task run starting this run (what `runFlow` sends); a RUNNER token may create only such runs. */
  parentTaskRunId?: string;
}

export interface CreatedFlowRun {
  id: string;
  name: string;
  version: number;
  state: string;
  /** False when the idempotency key matched an existing run. */
  created: boolean;
  flowRun: FlowRunSummary;
}

export interface FlowRunStateWrite {
  flowRunId: string;
  /** The run's version the writer saw. */
  version: number;
  state: StateInput;
}

export interface TaskRunStateWrite {
  taskRunId: string;
  version: number;
  state: StateInput;
  /** When given, the flow run's version must equal it too. */
  flowRunVersion?: number;
  /** With a Cached state: the key other runs find it by (see {@link Client.cachedTaskRunStates}). */
  cacheKey?: string;
  /** With a Cached state reused from another run: that run's task run. */
  cachedFromTaskRunId?: string;
}

export interface RunLogInput {
  flowRunId: string;
  taskRunId?: string;
  /** @default now */
  timestamp?: Date | string;
  /** @default 'INFO' */
  level?: LogLevel;
  /** Logger name. */
  name?: string;
  message: string;
  info?: unknown;
}

/**
 * The Headwater API client.
 *
 * The API URL and token are resolved explicit → environment (`HEADWATER__CLOUD__API`,
 * `HEADWATER__CLOUD__AUTH_TOKEN`) → config file → the current context of `headwater auth
 * login` / `auth switch` (for the token: the context saved for the API URL in use) →
 * `http://127.0.0.1:4200` (see {@link resolveConnection}). Failures are
 * {@link ClientError}s (`AuthorizationError`,
 * `NotFoundError`, `VersionLockError` for the codes that need their own handling). Requests
 * that are safe to repeat are retried with backoff on network errors, timeouts and HTTP 5xx.
 * The API setting may name several replicas of one API (`api: [a, b]`, or `a,b` in
 * `HEADWATER__CLOUD__API`): requests then fail over to the next URL, never on a 4xx or a
 * GraphQL error answer, and never applying a write twice.
 *
 * @example
 * ```ts
 * const client = new Client();
 * await client.createProject({ projectName: 'My Project' });
 * const { id } = await client.createFlowRun({ flowId, parameters: { x: 1 } });
 * ```
 */
export class Client {
  /** The primary API base URL (GraphQL at `<api>/graphql`). */
  readonly api: string;
  /** Every API URL given, the primary first: requests fail over between them. */
  readonly apis: readonly string[];
  /** Where the API URL and token came from. */
  readonly connection: Omit<Connection, 'token'>;
  readonly #transport: GraphQLTransport;

  constructor(options: ClientOptions = {}) {
    const { token, ...connection } = resolveConnection(options);
    this.connection = connection;
    this.api = connection.api;
    this.apis = connection.apis;
    this.#transport = new GraphQLTransport({
      api: connection.apis,
      token,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Whether a token was found. */
  get hasToken(): boolean {
    return this.#transport.hasToken;
  }

  /**
   * Sends any GraphQL document. Queries are retried on lost answers; mutations only when
   * `idempotent: true` is passed.
   *
   * @example
   * ```ts
   * const data = await client.graphql<{ createProject: { project: { id: string } } }>(
   *   'mutation { createProject(input: { name: "My Project" }) { project { id name } } }',
   * );
   * ```
   */
  async graphql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: GraphQLRequestOptions = {},
  ): Promise<T> {
    const operation = getOperationAST(parse(query));
    return this.#transport.request<T>(query, variables, {
      idempotent: operation?.operation === 'query',
      ...(operation?.name ? { operation: operation.name.value } : {}),
      ...options,
    });
  }

  async hello(options: CallOptions = {}): Promise<string> {
    return (await this.#query<{ hello: string }>(documents.HELLO, {}, options)).hello;
  }

  async apiInfo(options: CallOptions = {}): Promise<ApiInfo> {
    return (await this.#query<{ api: ApiInfo }>(documents.API_INFO, {}, options)).api;
  }

  /** Who the token is: tenant, token name and scope. Fails with `AuthorizationError` for a bad token. */
  async authInfo(options: CallOptions = {}): Promise<AuthInfo> {
    return (await this.#query<{ authInfo: AuthInfo }>(documents.AUTH_INFO, {}, options)).authInfo;
  }

  /**
   * Creates a project (a duplicate name is a `ClientError` with code `CONFLICT`).
   *
   * @example
   * ```ts
   * await new Client().createProject({ projectName: 'My Project' });
   * ```
   */
  async createProject(
    input: { projectName: string; description?: string | undefined },
    options: CallOptions = {},
  ): Promise<Project> {
    const data = await this.#mutate<{ createProject: { id: string; project: Project } }>(
      documents.CREATE_PROJECT,
      { input: { name: input.projectName, description: input.description ?? null } },
      options,
    );
    return data.createProject.project;
  }

  /** The project with exactly this name, or undefined. */
  async getProject(projectName: string, options: CallOptions = {}): Promise<Project | undefined> {
    const data = await this.#query<{ project: Project | null }>(
      documents.PROJECT_BY_NAME,
      { name: projectName },
      options,
    );
    return data.project ?? undefined;
  }

  async listProjects(filter: { name?: string } = {}, options: CallOptions = {}): Promise<Project[]> {
    return (
      await this.#query<{ projects: Project[] }>(documents.PROJECTS, { name: filter.name ?? null }, options)
    ).projects;
  }

  /**
   * Registers a serialized flow (see `deployFlow` to build and register a `Flow`).
   * Sent compressed by default, with an idempotency key, so a retry never registers twice.
   */
  async createFlow(
    serializedFlow: Record<string, unknown>,
    options: CreateFlowOptions = {},
  ): Promise<CreatedFlow> {
    const compressed = options.compressed ?? true;
    // zlib loads when a flow is registered, not with every client.
    const gzipSync = compressed ? (await import('node:zlib')).gzipSync : undefined;
    const input = {
      projectId: options.projectId ?? null,
      serializedFlow: gzipSync ? gzipSync(JSON.stringify(serializedFlow)).toString('base64') : serializedFlow,
      setScheduleActive: options.setScheduleActive ?? true,
      versionGroupId: options.versionGroupId ?? null,
      idempotencyKey: options.idempotencyKey ?? randomKey(),
      description: options.description ?? null,
    };
    type Payload = { id: string; created: boolean; flow: Omit<CreatedFlow, 'created'> };
    const field = compressed ? 'createFlowFromCompressedString' : 'createFlow';
    const data = await this.#transport.request<Record<string, Payload>>(
      compressed ? documents.CREATE_FLOW_FROM_COMPRESSED_STRING : documents.CREATE_FLOW,
      { input },
      { idempotent: true, operation: field, ...signalOf(options) },
    );
    const payload = data[field]!;
    return { ...payload.flow, id: payload.id, created: payload.created };
  }

  /**
   * Deploys a flow: looks the project up first (an unknown project fails before any build),
   * builds and pushes the flow's storage, checks the metadata loads back, and registers it
   * compressed. Resolves to the new flow's id and version.
   *
   * @example
   * ```ts
   * const { id, version } = await new Client().deploy(flow, 'My Project');
   * ```
   */
  deploy(flow: Flow, projectName: string, options: DeployOptions = {}): Promise<DeployedFlow> {
    return deployWithClient(this, flow, projectName, options);
  }

  /** Flows, latest version of each unless `allVersions`, ordered by name then version. */
  async listFlows(
    filter: {
      name?: string;
      projectName?: string;
      projectId?: string;
      archived?: boolean;
      allVersions?: boolean;
    } & PageOptions = {},
    options: CallOptions = {},
  ): Promise<Page<FlowSummary>> {
    const { allVersions, first, after, ...rest } = filter;
    const data = await this.#query<{ flows: GraphQLConnection<FlowSummary> }>(
      documents.FLOWS,
      { filter: rest, allVersions: allVersions ?? false, first: first ?? 50, after: after ?? null },
      options,
    );
    return toPage(data.flows);
  }

  /** One flow version with its tasks, parameters and serialized form. */
  async getFlow(flowId: string, options: CallOptions = {}): Promise<FlowDetail> {
    const data = await this.#query<{ flow: FlowDetail | null }>(
      documents.FLOW_BY_ID,
      { id: flowId },
      options,
    );
    if (!data.flow) throw notFound('flow', flowId, 'getFlow');
    return data.flow;
  }

  /**
   * Archives a flow version: it takes no new runs; its auto-scheduled runs still Scheduled are
   * deleted and its other Scheduled runs Cancelled.
   *
   * @example
   * ```ts
   * await client.archiveFlow(flowId);
   * ```
   */
  async archiveFlow(flowId: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.request(
      documents.ARCHIVE_FLOW,
      { input: { flowId } },
      { idempotent: true, operation: 'archiveFlow', ...signalOf(options) },
    );
  }

  /** Deletes one flow version with its runs, their states and logs. */
  async deleteFlow(flowId: string, options: CallOptions = {}): Promise<void> {
    await this.#mutate(documents.DELETE_FLOW, { input: { flowId } }, options);
  }

  /** Deletes a flow group (`FlowSummary.flowGroupId`): every version of the flow, their runs, states and logs. */
  async deleteFlowGroup(flowGroupId: string, options: CallOptions = {}): Promise<void> {
    await this.#mutate(documents.DELETE_FLOW_GROUP, { input: { flowGroupId } }, options);
  }

  /**
   * Turns a flow version's schedule on (its next runs are scheduled) or off (its auto-scheduled
   * runs still Scheduled are deleted). Turning on is refused (`BAD_USER_INPUT`) for a flow
   * without a schedule, an archived one, or one with required parameters without defaults.
   *
   * @example
   * ```ts
   * await client.setScheduleActive(flowId, false);
   * ```
   */
  async setScheduleActive(flowId: string, active: boolean, options: CallOptions = {}): Promise<void> {
    await this.#transport.request(
      active ? documents.SET_SCHEDULE_ACTIVE : documents.SET_SCHEDULE_INACTIVE,
      { input: { flowId } },
      {
        idempotent: true,
        operation: active ? 'setScheduleActive' : 'setScheduleInactive',
        ...signalOf(options),
      },
    );
  }

  /** A flow group (`FlowSummary.flowGroupId`): the settings every version of a flow shares. */
  async getFlowGroup(flowGroupId: string, options: CallOptions = {}): Promise<FlowGroup> {
    const data = await this.#query<{ flowGroup: FlowGroup | null }>(
      documents.FLOW_GROUP_BY_ID,
      { id: flowGroupId },
      options,
    );
    if (!data.flowGroup) throw notFound('flow group', flowGroupId, 'getFlowGroup');
    return data.flowGroup;
  }

  /**
   * Replaces a flow group's schedule, which then overrides every version's own; its
   * not-yet-started auto-scheduled runs are replaced. A cron that never fires, an interval under
   * 60 s or an unknown time zone is refused (`BAD_USER_INPUT`).
   *
   * @example
   * ```ts
   * await client.setFlowGroupSchedule(flow.flowGroupId, { cronClocks: [{ cron: '0 6 * * 1-5' }], timezone: 'Europe/Berlin' });
   * ```
   */
  async setFlowGroupSchedule(
    flowGroupId: string,
    schedule: FlowGroupScheduleInput,
    options: CallOptions = {},
  ): Promise<void> {
    await this.#set(
      documents.SET_FLOW_GROUP_SCHEDULE,
      'setFlowGroupSchedule',
      { flowGroupId, ...schedule },
      options,
    );
  }

  /** Removes a flow group's schedule: each flow's own schedule applies again. */
  async deleteFlowGroupSchedule(flowGroupId: string, options: CallOptions = {}): Promise<void> {
    await this.#set(
      documents.DELETE_FLOW_GROUP_SCHEDULE,
      'deleteFlowGroupSchedule',
      { flowGroupId },
      options,
    );
  }

  /**
   * Sets the parameters laid over the flows' defaults in the group's new runs (`{}` clears
   * them). A value a parameter's JSON Schema refuses is `BAD_USER_INPUT`.
   */
  async setFlowGroupDefaultParameters(
    flowGroupId: string,
    parameters: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<void> {
    await this.#set(
      documents.SET_FLOW_GROUP_DEFAULT_PARAMETERS,
      'setFlowGroupDefaultParameters',
      { flowGroupId, parameters },
      options,
    );
  }

  /** Sets the labels of the group's new runs given none; null clears them (the flow's labels apply). */
  async setFlowGroupLabels(
    flowGroupId: string,
    labels: string[] | null,
    options: CallOptions = {},
  ): Promise<void> {
    await this.#set(documents.SET_FLOW_GROUP_LABELS, 'setFlowGroupLabels', { flowGroupId, labels }, options);
  }

  /** Sets a flow group's description; null clears it. */
  async setFlowGroupDescription(
    flowGroupId: string,
    description: string | null,
    options: CallOptions = {},
  ): Promise<void> {
    await this.#set(
      documents.SET_FLOW_GROUP_DESCRIPTION,
      'setFlowGroupDescription',
      { flowGroupId, description },
      options,
    );
  }

  /** Turns heartbeat checks (zombie killer and lazarus) on or off for every version of the flow `flowId`. */
  async setFlowHeartbeat(flowId: string, enabled: boolean, options: CallOptions = {}): Promise<void> {
    await this.#set(
      enabled ? documents.ENABLE_FLOW_HEARTBEAT : documents.DISABLE_FLOW_HEARTBEAT,
      enabled ? 'enableFlowHeartbeat' : 'disableFlowHeartbeat',
      { flowId },
      options,
    );
  }

  /** Turns the lazarus process (rescheduling lost runs) on or off for every version of the flow `flowId`. */
  async setFlowLazarus(flowId: string, enabled: boolean, options: CallOptions = {}): Promise<void> {
    await this.#set(
      enabled ? documents.ENABLE_FLOW_LAZARUS_PROCESS : documents.DISABLE_FLOW_LAZARUS_PROCESS,
      enabled ? 'enableFlowLazarusProcess' : 'disableFlowLazarusProcess',
      { flowId },
      options,
    );
  }

  /**
   * Creates a flow run (Scheduled). Always carries an idempotency key (a random one unless
   * given), so a request whose answer was lost is retried without creating a second run.
   */
  async createFlowRun(input: CreateFlowRunInput): Promise<CreatedFlowRun> {
    const { signal, scheduledStartTime, idempotencyKey, ...rest } = input;
    const data = await this.#transport.request<{
      createFlowRun: { id: string; created: boolean; flowRun: FlowRunSummary };
    }>(
      documents.CREATE_FLOW_RUN,
      {
        input: {
          ...rest,
          scheduledStartTime: toIso(scheduledStartTime),
          idempotencyKey: idempotencyKey ?? randomKey(),
        },
      },
      { idempotent: true, operation: 'createFlowRun', ...(signal ? { signal } : {}) },
    );
    const { id, created, flowRun } = data.createFlowRun;
    return { id, created, name: flowRun.name, version: flowRun.version, state: flowRun.state, flowRun };
  }

  async getFlowRun(flowRunId: string, options: CallOptions = {}): Promise<FlowRunSummary> {
    const data = await this.#query<{ flowRun: FlowRunSummary | null }>(
      documents.FLOW_RUN_BY_ID,
      { id: flowRunId },
      options,
    );
    if (!data.flowRun) throw notFound('flow run', flowRunId, 'getFlowRun');
    return data.flowRun;
  }

  /** What a runner needs: version, state, parameters, the flow's storage and environment, the unmapped task runs. */
  async getFlowRunInfo(flowRunId: string, options: CallOptions = {}): Promise<FlowRunInfo> {
    const data = await this.#query<{ flowRun: FlowRunInfo | null }>(
      documents.FLOW_RUN_INFO,
      { id: flowRunId },
      options,
    );
    if (!data.flowRun) throw notFound('flow run', flowRunId, 'getFlowRunInfo');
    return { ...data.flowRun, taskRuns: data.flowRun.taskRuns.filter((taskRun) => taskRun.mapIndex === -1) };
  }

  async listFlowRuns(
    filter: {
      ids?: string[];
      flowId?: string;
      versionGroupId?: string;
      projectId?: string;
      states?: string[];
      stateGroup?: string;
      name?: string;
      startedAfter?: string;
      orderBy?: 'SCHEDULED_START_TIME_DESC' | 'SCHEDULED_START_TIME_ASC' | 'CREATED_DESC' | 'UPDATED_DESC';
    } & PageOptions = {},
    options: CallOptions = {},
  ): Promise<Page<FlowRunSummary>> {
    const { orderBy, first, after, ...rest } = filter;
    const data = await this.#query<{ flowRuns: GraphQLConnection<FlowRunSummary> }>(
      documents.FLOW_RUNS,
      {
        filter: rest,
        orderBy: orderBy ?? 'SCHEDULED_START_TIME_DESC',
        first: first ?? 50,
        after: after ?? null,
      },
      options,
    );
    return toPage(data.flowRuns);
  }

  /** The state history of a flow run, oldest first. */
  async getFlowRunStates(flowRunId: string, options: CallOptions = {}): Promise<StateRecord[]> {
    return (
      await this.#query<{ flowRunStates: StateRecord[] }>(documents.FLOW_RUN_STATES, { flowRunId }, options)
    ).flowRunStates;
  }

  /**
   * Writes one flow-run state, version-locked: a stale `version` fails with `VersionLockError`.
   * Sent again only after a lost answer, and never applied twice (see {@link Client.setFlowRunStates}).
   */
  async setFlowRunState(
    flowRunId: string,
    version: number,
    state: StateInput,
    options: CallOptions = {},
  ): Promise<SetStateResult> {
    const [result] = await this.setFlowRunStates([{ flowRunId, version, state }], options);
    return result!;
  }

  /**
   * Writes several flow-run states in one transaction. A write whose answer was lost (a
   * replica went away) is sent again, to the next API URL if there are several; a repeat the
   * server refuses as stale is checked against the run's state history, so a write that did
   * apply is reported as written, never twice.
   */
  async setFlowRunStates(writes: FlowRunStateWrite[], options: CallOptions = {}): Promise<SetStateResult[]> {
    const states = writes.map((write) => ({ ...write, state: serializeState(write.state) }));
    const sent = states.map((write) => ({ id: write.flowRunId, version: write.version, state: write.state }));
    const data = await this.#writeStates<{ setFlowRunStates: { states: SetStateResult[] } }>(
      documents.SET_FLOW_RUN_STATES,
      { input: { states } },
      options,
      async () => {
        const states = await appliedStateWrites(sent, (id) => this.getFlowRunStates(id));
        return states && { setFlowRunStates: { states } };
      },
    );
    return data.setFlowRunStates.states;
  }

  /** Writes one task-run state, version-locked like {@link Client.setFlowRunState}. */
  async setTaskRunState(
    taskRunId: string,
    version: number,
    state: StateInput,
    options: CallOptions &
      Pick<TaskRunStateWrite, 'flowRunVersion' | 'cacheKey' | 'cachedFromTaskRunId'> = {},
  ): Promise<SetStateResult> {
    const { flowRunVersion, cacheKey, cachedFromTaskRunId, ...callOptions } = options;
    const write: TaskRunStateWrite = { taskRunId, version, state };
    if (flowRunVersion !== undefined) write.flowRunVersion = flowRunVersion;
    if (cacheKey !== undefined) write.cacheKey = cacheKey;
    if (cachedFromTaskRunId !== undefined) write.cachedFromTaskRunId = cachedFromTaskRunId;
    const [result] = await this.setTaskRunStates([write], callOptions);
    return result!;
  }

  /** Writes several task-run states in one transaction; a lost answer is handled as {@link Client.setFlowRunStates} does. */
  async setTaskRunStates(writes: TaskRunStateWrite[], options: CallOptions = {}): Promise<SetStateResult[]> {
    const states = writes.map((write) => ({ ...write, state: serializeState(write.state) }));
    const sent = states.map((write) => ({ id: write.taskRunId, version: write.version, state: write.state }));
    const data = await this.#writeStates<{ setTaskRunStates: { states: SetStateResult[] } }>(
      documents.SET_TASK_RUN_STATES,
      { input: { states } },
      options,
      async () => {
        const states = await appliedStateWrites(sent, (id) => this.getTaskRunStates(id));
        return states && { setTaskRunStates: { states } };
      },
    );
    return data.setTaskRunStates.states;
  }

  /** The state history of a task run, oldest first. */
  async getTaskRunStates(taskRunId: string, options: CallOptions = {}): Promise<StateRecord[]> {
    return (
      await this.#query<{ taskRunStates: StateRecord[] }>(documents.TASK_RUN_STATES, { taskRunId }, options)
    ).taskRunStates;
  }

  /** The task run of (flow run, task, map index), created Pending if needed. */
  async getOrCreateTaskRun(
    input: { flowRunId: string; taskId: string; mapIndex?: number },
    options: CallOptions = {},
  ): Promise<TaskRunInfo> {
    const data = await this.#transport.request<{
      getOrCreateTaskRun: Omit<TaskRunInfo, 'taskSlug' | 'mapIndex'> & {
        taskRun: { taskSlug: string; mapIndex: number };
      };
    }>(
      documents.GET_OR_CREATE_TASK_RUN,
      { input: { ...input, mapIndex: input.mapIndex ?? -1 } },
      { idempotent: true, operation: 'getOrCreateTaskRun', ...signalOf(options) },
    );
    const { taskRun, ...info } = data.getOrCreateTaskRun;
    return { ...info, taskSlug: taskRun.taskSlug, mapIndex: taskRun.mapIndex };
  }

  async listTaskRuns(
    filter: { flowRunId?: string; flowRunIds?: string[]; taskId?: string; states?: string[] } & PageOptions,
    options: CallOptions = {},
  ): Promise<Page<TaskRunSummary>> {
    const { first, after, ...rest } = filter;
    const data = await this.#query<{ taskRuns: GraphQLConnection<TaskRunSummary> }>(
      documents.TASK_RUNS,
      { filter: rest, first: first ?? 50, after: after ?? null },
      options,
    );
    return toPage(data.taskRuns);
  }

  /** Records that a flow run's process is alive. */
  async updateFlowRunHeartbeat(flowRunId: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.request(
      documents.UPDATE_FLOW_RUN_HEARTBEAT,
      { input: { flowRunId } },
      { idempotent: true, operation: 'updateFlowRunHeartbeat', ...signalOf(options) },
    );
  }

  /** Records that a task run is alive. */
  async updateTaskRunHeartbeat(taskRunId: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.request(
      documents.UPDATE_TASK_RUN_HEARTBEAT,
      { input: { taskRunId } },
      { idempotent: true, operation: 'updateTaskRunHeartbeat', ...signalOf(options) },
    );
  }

  /** Cancels a flow run; returns its state afterwards (`Cancelled`, `Cancelling`, or a finished state). */
  async cancelFlowRun(flowRunId: string, options: CallOptions = {}): Promise<string> {
    const data = await this.#transport.request<{ cancelFlowRun: { state: string } }>(
      documents.CANCEL_FLOW_RUN,
      { input: { flowRunId } },
      { idempotent: true, operation: 'cancelFlowRun', ...signalOf(options) },
    );
    return data.cancelFlowRun.state;
  }

  /**
   * Resumes a paused flow run (an approval step): its Paused task runs, or only `taskRunIds`,
   * become `Resume` and a waiting flow run is due now, so an agent runs it on. Refused
   * (`BAD_USER_INPUT`) when nothing is paused.
   *
   * @example
   * ```ts
   * const { state, taskRuns } = await client.resumeFlowRun(flowRunId);
   * ```
   */
  async resumeFlowRun(
    flowRunId: string,
    options: CallOptions & { taskRunIds?: readonly string[] } = {},
  ): Promise<ResumedFlowRun> {
    const data = await this.#transport.request<{ resumeFlowRun: ResumedFlowRun }>(
      documents.RESUME_FLOW_RUN,
      { input: { flowRunId, ...(options.taskRunIds ? { taskRunIds: [...options.taskRunIds] } : {}) } },
      { operation: 'resumeFlowRun', ...signalOf(options) },
    );
    return data.resumeFlowRun;
  }

  /**
   * Ids of the flow runs an agent should submit, oldest due first. Reading does not claim:
   * claim a run by writing `Submitted` with its version.
   */
  async getRunsInQueue(
    input: {
      before?: Date | string;
      labels?: string[];
      /** Only runs of flows with one of these storage types; left out: any type. */
      storageTypes?: string[];
      agentId?: string;
      limit?: number;
    } = {},
    options: CallOptions = {},
  ): Promise<string[]> {
    const data = await this.#transport.request<{ getRunsInQueue: { flowRunIds: string[] } }>(
      documents.GET_RUNS_IN_QUEUE,
      { input: { ...input, before: toIso(input.before ?? new Date()) } },
      { idempotent: true, operation: 'getRunsInQueue', ...signalOf(options) },
    );
    return data.getRunsInQueue.flowRunIds;
  }

  /**
   * Hands the registered agent `agentId` up to `limit` due runs it can run (its registered
   * labels and storage types) and submits them for it in one request: each run is handed to
   * exactly one agent. Sent once, never again on a lost answer: the next claim says
   * `previousClaimLost`, and the runs the lost one submitted to the agent are handed to it
   * again (a server older than that flag refuses it, naming `previousClaimLost`; its lazarus
   * service hands such runs back to the queue). A server older than this mutation answers
   * with a `ClientError` whose message names `claimFlowRuns`.
   * `heldFlowRunIds`: the runs the agent is running now, which it is not handed again.
   * `waitMs`: when nothing is due, the API waits up to this long (at most 20 s) for a run to
   * become due and hands it in this answer (keep it under the client's `timeoutMs`).
   * `loadedFlowIds`: flows the agent has a loaded run process waiting for, once per process;
   * that many Scheduled runs of each (flows without a concurrency limit) are handed already
   * Running, for those processes to adopt (a server older than that refuses it, naming it).
   */
  async claimFlowRuns(
    input: {
      agentId: string;
      limit?: number;
      heldFlowRunIds?: string[];
      previousClaimLost?: boolean;
      waitMs?: number;
      loadedFlowIds?: string[];
    },
    options: CallOptions = {},
  ): Promise<FlowRunClaims> {
    const data = await this.#mutate<{ claimFlowRuns: FlowRunClaims }>(
      documents.CLAIM_FLOW_RUNS,
      { input },
      options,
    );
    return data.claimFlowRuns;
  }

  /**
   * Registers an agent; the same (name, type, core version, labels) returns the same id and
   * records the storage types given this time (left out: the agent takes any type).
   */
  async registerAgent(
    input: { name?: string; type: string; labels?: string[]; coreVersion?: string; storageTypes?: string[] },
    options: CallOptions = {},
  ): Promise<string> {
    const data = await this.#transport.request<{ registerAgent: { id: string } }>(
      documents.REGISTER_AGENT,
      { input },
      { idempotent: true, operation: 'registerAgent', ...signalOf(options) },
    );
    return data.registerAgent.id;
  }

  /** The distinct storage types of the tenant's unarchived flows, sorted. */
  async listStorageTypes(options: CallOptions = {}): Promise<string[]> {
    return (await this.#query<{ storageTypes: string[] }>(documents.STORAGE_TYPES, {}, options)).storageTypes;
  }

  /** Appends log lines to flow runs (sent once; never retried, so no line is stored twice). */
  async writeRunLogs(logs: RunLogInput[], options: CallOptions = {}): Promise<void> {
    if (logs.length === 0) return;
    await this.#mutate(
      documents.WRITE_RUN_LOGS,
      { input: { logs: logs.map((log) => ({ ...log, timestamp: toIso(log.timestamp) })) } },
      options,
    );
  }

  /** Log lines of a flow run, oldest first. */
  async getLogs(
    filter: { flowRunId: string; taskRunId?: string; minLevel?: LogLevel; search?: string } & PageOptions,
    options: CallOptions = {},
  ): Promise<Page<RunLog>> {
    const { first, after, ...rest } = filter;
    const data = await this.#query<{ logs: GraphQLConnection<RunLog> }>(
      documents.LOGS,
      { filter: rest, first: first ?? 50, after: after ?? null },
      options,
    );
    return toPage(data.logs);
  }

  /** Creates an API token; the secret is in `token`, returned this once. Needs a USER token. */
  async createApiToken(
    input: { name: string; scope: TokenScope; expiresAt?: Date | string },
    options: CallOptions = {},
  ): Promise<{ token: string; apiToken: ApiToken }> {
    const data = await this.#mutate<{ createApiToken: { id: string; token: string; apiToken: ApiToken } }>(
      documents.CREATE_API_TOKEN,
      { input: { ...input, expiresAt: toIso(input.expiresAt) } },
      options,
    );
    return { token: data.createApiToken.token, apiToken: data.createApiToken.apiToken };
  }

  async listApiTokens(options: CallOptions = {}): Promise<ApiToken[]> {
    return (await this.#query<{ apiTokens: ApiToken[] }>(documents.API_TOKENS, {}, options)).apiTokens;
  }

  /** Revokes an API token; it stops working at once. */
  async revokeApiToken(tokenId: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.request(
      documents.REVOKE_API_TOKEN,
      { input: { tokenId } },
      { idempotent: true, operation: 'revokeApiToken', ...signalOf(options) },
    );
  }

  /**
   * Creates or replaces a secret of the tenant (USER token). The value is encrypted on the
   * server and never returned; `created` is false when a secret of that name was replaced.
   */
  async setSecret(
    name: string,
    value: string,
    options: CallOptions = {},
  ): Promise<{ secret: Secret; created: boolean }> {
    const data = (await this.#set(documents.SET_SECRET, 'setSecret', { name, value }, options)) as {
      setSecret: { secret: Secret; created: boolean };
    };
    return data.setSecret;
  }

  /** The tenant's secrets: names and times, never values. */
  async listSecrets(options: CallOptions = {}): Promise<Secret[]> {
    return (await this.#query<{ secrets: Secret[] }>(documents.SECRETS, {}, options)).secrets;
  }

  /** Deletes a secret by name; a NotFoundError when there is none. */
  async deleteSecret(name: string, options: CallOptions = {}): Promise<void> {
    await this.#set(documents.DELETE_SECRET, 'deleteSecret', { name }, options);
  }

  /**
   * The value of a secret for flow run `flowRunId`: only with the RUNNER token holding the
   * run (what a run process has).
   */
  async readRunSecret(flowRunId: string, name: string, options: CallOptions = {}): Promise<string> {
    const data = await this.#transport.request<{ readRunSecret: { value: string } }>(
      documents.READ_RUN_SECRET,
      { input: { flowRunId, name } },
      { idempotent: true, operation: 'readRunSecret', ...signalOf(options) },
    );
    return data.readRunSecret.value;
  }

  /** The newest unexpired Cached task-run states stored under `cacheKey` by any flow of the tenant, newest first. */
  async cachedTaskRunStates(cacheKey: string, options: CallOptions = {}): Promise<CachedTaskRunState[]> {
    return (
      await this.#query<{ cachedTaskRunStates: CachedTaskRunState[] }>(
        documents.CACHED_TASK_RUN_STATES,
        { cacheKey },
        options,
      )
    ).cachedTaskRunStates;
  }

  /** The tenant's concurrency limits (task tags, then flows), with the slots taken now. */
  async listConcurrencyLimits(options: CallOptions = {}): Promise<ConcurrencyLimit[]> {
    return (
      await this.#query<{ concurrencyLimits: ConcurrencyLimit[] }>(documents.CONCURRENCY_LIMITS, {}, options)
    ).concurrencyLimits;
  }

  /** Sets the concurrency limit on a task tag or a flow: at most `slots` Running at once (0 holds every run back). */
  async setConcurrencyLimit(
    input: ConcurrencyLimitTarget & { slots: number },
    options: CallOptions = {},
  ): Promise<ConcurrencyLimit> {
    const data = (await this.#set(
      documents.SET_CONCURRENCY_LIMIT,
      'setConcurrencyLimit',
      { ...input },
      options,
    )) as {
      setConcurrencyLimit: ConcurrencyLimit;
    };
    return data.setConcurrencyLimit;
  }

  /** Deletes the concurrency limit on a task tag or a flow; false when there was none. */
  async deleteConcurrencyLimit(target: ConcurrencyLimitTarget, options: CallOptions = {}): Promise<boolean> {
    const data = (await this.#set(
      documents.DELETE_CONCURRENCY_LIMIT,
      'deleteConcurrencyLimit',
      { ...target },
      options,
    )) as {
      deleteConcurrencyLimit: { success: boolean };
    };
    return data.deleteConcurrencyLimit.success;
  }

  #query<T>(document: string, variables: Record<string, unknown>, options: CallOptions): Promise<T> {
    return this.#transport.request<T>(document, variables, { idempotent: true, ...signalOf(options) });
  }

  /** A mutation that sets a value: sending it twice does what sending it once does, so it is retried. */
  #set(
    document: string,
    operation: string,
    input: Record<string, unknown>,
    options: CallOptions,
  ): Promise<unknown> {
    return this.#transport.request(
      document,
      { input },
      { idempotent: true, operation, ...signalOf(options) },
    );
  }

  /** A version-locked state write: sent again after a lost answer, and `verify` tells whether a refused repeat had applied. */
  #writeStates<T>(
    document: string,
    variables: Record<string, unknown>,
    options: CallOptions,
    verify: () => Promise<T | undefined>,
  ): Promise<T> {
    return this.#transport.request<T>(document, variables, {
      versionLocked: { verify },
      ...signalOf(options),
    });
  }

  #mutate<T>(document: string, variables: Record<string, unknown>, options: CallOptions): Promise<T> {
    return this.#transport.request<T>(document, variables, { idempotent: false, ...signalOf(options) });
  }
}

interface GraphQLConnection<T> {
  nodes: T[];
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

function toPage<T>(connection: GraphQLConnection<T>): Page<T> {
  return {
    nodes: connection.nodes,
    totalCount: connection.totalCount,
    endCursor: connection.pageInfo.endCursor,
    hasNextPage: connection.pageInfo.hasNextPage,
  };
}

function signalOf(options: CallOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

function toIso(time: Date | string | undefined): string | null {
  if (time === undefined) return null;
  return time instanceof Date ? time.toISOString() : time;
}

function serializeState(state: StateInput): unknown {
  return typeof state.serialize === 'function' ? (state as { serialize(): unknown }).serialize() : state;
}

function notFound(kind: string, id: string, operation: string): NotFoundError {
  return new NotFoundError({ code: 'NOT_FOUND', operation, message: `No ${kind} with id ${id} exists.` });
}

/**
 * A random idempotency key, from the global Web Crypto: an `import` of `node:crypto` would load
 * all of crypto when the client loads, a few ms of every quick CLI command that sends no key.
 */
function randomKey(): string {
  return crypto.randomUUID();
}

import { FINISHED_STATES, SCHEDULED_LIKE_STATES, STATE_PARENTS, STATE_TYPES } from '@headwater/core';
import { listAgents, registerAgent } from '../api/agents.js';
import { checkParentTaskRun, linkParentTaskRun } from '../api/child-flow-runs.js';
import { claimFlowRuns } from '../api/claims.js';
import {
  deleteConcurrencyLimit,
  listConcurrencyLimits,
  setConcurrencyLimit,
} from '../api/concurrency-limits.js';
import { listAgentPage, listApiTokenPage } from '../api/created-order-pages.js';
import {
  deleteFlowGroup,
  deleteFlowGroupSchedule,
  setFlowGroupDefaultParameters,
  setFlowGroupDescription,
  setFlowGroupFlag,
  setFlowGroupLabels,
  setFlowGroupSchedule,
} from '../api/flow-groups.js';
import { flowHealth } from '../api/flow-health.js';
import {
  cancelFlowRun,
  createFlowRun,
  deleteFlowRun,
  getOrCreateTaskRun,
  updateFlowRunHeartbeat,
  updateTaskRunHeartbeat,
} from '../api/flow-runs.js';
import {
  archiveFlow,
  createFlow,
  decompressFlow,
  deleteFlow,
  listStorageTypes,
  readCreateFlowInput,
  setScheduleActive,
  setScheduleInactive,
} from '../api/flows.js';
import { listLogs, writeRunLogs } from '../api/logs.js';
import {
  type AgentModel,
  type ApiTokenModel,
  type FlowGroupModel,
  type FlowModel,
  type FlowRunModel,
  type LogModel,
  type Page,
  type ProjectModel,
  type TaskRunModel,
  toApiToken,
  toTaskRun,
} from '../api/models.js';
import {
  createProject,
  deleteProject,
  listProjectPage,
  listProjects,
  renameProject,
  setProjectDescription,
} from '../api/projects.js';
import { flowRunStates, listFlowRuns, listFlows, listTaskRuns, taskRunStates } from '../api/queries.js';
import { getRunsInQueue } from '../api/queue.js';
import { resumeFlowRun } from '../api/resume-flow-run.js';
import { flowRunFailure, isFailedState } from '../api/run-failures.js';
import { deleteSecret, listSecrets, readRunSecret, setSecret } from '../api/secrets.js';
import { parseState, writeFlowRunStates, writeTaskRunStates } from '../api/states.js';
import { type Store, transact } from '../api/store.js';
import { cachedTaskRunStates } from '../api/task-run-cache.js';
import { checkId, isoInput, nameSchema, validate } from '../api/validation.js';
import { isDueAndWaiting, waitingFor } from '../api/waiting-for.js';
import { type AuthContext, insertApiToken } from '../auth/api-tokens.js';
import { nowIso } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import type { Resolvers } from '../schema/resolvers.generated.js';
import { guardResolvers } from './access.js';
import { claimWaiting, claimWaitMs } from './claim-waits.js';
import type { GraphQLContext } from './context.js';
import { CONNECTED, type Loaders } from './loaders.js';
import { ANY_CHANGE, type RunChange } from './run-events.js';
import { sanitizeRootArguments } from './sanitize-arguments.js';
import { CreateFlowInputScalar, DateTimeScalar, JSONScalar } from './scalars.js';
import { subscriptionResolvers } from './subscriptions.js';

/** The caller's identity; root resolvers run only after {@link guardResolvers} checked it. */
function caller(context: GraphQLContext): AuthContext {
  if (!context.auth)
    throw new ApiError({ code: 'UNAUTHENTICATED', message: 'This request needs an API token.' });
  return context.auth;
}

function tenant(context: GraphQLContext): string {
  return caller(context).tenantId;
}

function loaders(context: GraphQLContext): Loaders {
  if (!context.loaders)
    throw new ApiError({ code: 'UNAUTHENTICATED', message: 'This request needs an API token.' });
  return context.loaders;
}

function found<T>(value: T | null | undefined, what: string): T {
  if (value == null)
    throw new ApiError({ code: 'NOT_FOUND', message: `${what} was not found in this tenant.` });
  return value;
}

async function flowGroupOf(context: GraphQLContext, flow: FlowModel): Promise<FlowGroupModel> {
  return found(await loaders(context).flowGroup.load(flow.flowGroupId), `Flow group ${flow.flowGroupId}`);
}

/** The change of writes that hand back the flow runs they wrote: those runs when all of them did, else any. */
function flowRunsChange(written: readonly (FlowRunModel | undefined)[]): RunChange {
  const flowRuns = written.filter((run) => run !== undefined);
  return flowRuns.length === written.length ? { kind: 'flowRuns', flowRuns } : ANY_CHANGE;
}

function success() {
  return { success: true, error: null };
}

function checkBatch(length: number, context: GraphQLContext) {
  if (length > context.limits.statesPerCall) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      limit: 'statesPerCall',
      message: `Too many states in one call (${length}; the limit is ${context.limits.statesPerCall}). Send them in batches.`,
    });
  }
}

async function flowsOfProject(
  context: GraphQLContext,
  projectId: string,
  allVersions: boolean,
): Promise<FlowModel[]> {
  const flows: FlowModel[] = [];
  let after: string | null = null;
  do {
    const page = await listFlows(
      context.store,
      tenant(context),
      { projectId },
      allVersions,
      { first: context.limits.pageSize, after },
      context.limits,
    );
    flows.push(...page.nodes);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return flows;
}

function connection<T>() {
  return {
    nodes: (page: Page<T>) => page.nodes,
    pageInfo: (page: Page<T>) => ({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }),
    totalCount: (page: Page<T>) => page.count(),
  };
}

const resolvers: Resolvers = {
  JSON: JSONScalar,
  DateTime: DateTimeScalar,
  createFlowInput: CreateFlowInputScalar,

  Query: {
    hello: () => '👋',
    api: (_parent, _args, context) => ({
      backend: 'HEADWATER',
      version: context.info.version,
      coreVersion: context.info.coreVersion,
      database: context.store.kind,
    }),
    authInfo: async (_parent, _args, context) => {
      const auth = caller(context);
      const row = await context.store.db
        .selectFrom('tenant')
        .select('name')
        .where('id', '=', auth.tenantId)
        .executeTakeFirstOrThrow();
      return {
        tenantId: auth.tenantId,
        tenantName: row.name,
        tokenId: auth.tokenId,
        tokenName: auth.tokenName,
        scope: auth.scope,
      };
    },
    referenceData: () => ({
      stateTypes: STATE_TYPES.map((name) => ({ name, parent: STATE_PARENTS[name] })),
      scheduledLikeStates: [...SCHEDULED_LIKE_STATES],
      finishedStates: [...FINISHED_STATES],
    }),
    projects: (_parent, args, context) => listProjects(context.store, tenant(context), args.name),
    projectsConnection: (_parent, args, context) =>
      listProjectPage(context.store, tenant(context), args.search, args, context.limits),
    project: async (_parent, args, context) => {
      if ((args.id == null) === (args.name == null)) {
        throw new ApiError({ code: 'BAD_USER_INPUT', message: 'Give exactly one of id and name.' });
      }
      if (args.id != null) return loaders(context).project.load(checkId(args.id, 'id'));
      return (await listProjects(context.store, tenant(context), args.name))[0] ?? null;
    },
    flows: (_parent, args, context) =>
      listFlows(context.store, tenant(context), args.filter, args.allVersions ?? false, args, context.limits),
    flow: (_parent, args, context) => loaders(context).flow.load(checkId(args.id, 'id')),
    flowGroup: (_parent, args, context) => loaders(context).flowGroup.load(checkId(args.id, 'id')),
    flowRuns: (_parent, args, context) =>
      listFlowRuns(
        context.store,
        tenant(context),
        args.filter,
        args.orderBy ?? 'SCHEDULED_START_TIME_DESC',
        args,
        context.limits,
      ),
    flowRun: (_parent, args, context) => loaders(context).flowRun.load(checkId(args.id, 'id')),
    taskRuns: (_parent, args, context) =>
      listTaskRuns(context.store, tenant(context), args.filter, args, context.limits),
    taskRun: async (_parent, args, context) => {
      const row = await context.store.db
        .selectFrom('task_run')
        .selectAll()
        .where('id', '=', checkId(args.id, 'id'))
        .where('tenant_id', '=', tenant(context))
        .executeTakeFirst();
      return row ? toTaskRun(row) : null;
    },
    flowRunStates: (_parent, args, context) => flowRunStates(context.store, tenant(context), args.flowRunId),
    taskRunStates: (_parent, args, context) => taskRunStates(context.store, tenant(context), args.taskRunId),
    logs: (_parent, args, context) =>
      listLogs(context.store, tenant(context), args.filter, args, context.limits),
    agents: (_parent, _args, context) => listAgents(context.store, tenant(context)),
    agentsConnection: (_parent, args, context) =>
      listAgentPage(context.store, tenant(context), args, context.limits),
    storageTypes: (_parent, _args, context) => listStorageTypes(context.store, tenant(context)),
    apiTokens: async (_parent, _args, context) => {
      const rows = await context.store.db
        .selectFrom('api_token')
        .selectAll()
        .where('tenant_id', '=', tenant(context))
        .orderBy('created')
        .orderBy('id')
        .execute();
      return rows.map(toApiToken);
    },
    apiTokensConnection: (_parent, args, context) =>
      listApiTokenPage(context.store, tenant(context), args.includeRevoked ?? false, args, context.limits),
    secrets: (_parent, _args, context) => listSecrets(context.store, tenant(context)),
    cachedTaskRunStates: (_parent, { cacheKey, first }, context) =>
      cachedTaskRunStates(context.store, tenant(context), cacheKey, first ?? 10),
    concurrencyLimits: (_parent, _args, context) =>
      listConcurrencyLimits(context.store, tenant(context), context.concurrency),
  },

  Mutation: {
    createProject: async (_parent, { input }, context) => {
      const project = await createProject(context.store, tenant(context), input, context.limits);
      return { id: project.id, project };
    },
    renameProject: async (_parent, { input }, context) => {
      const project = await renameProject(context.store, tenant(context), input, context.limits);
      return { id: project.id, project };
    },
    setProjectDescription: async (_parent, { input }, context) => {
      const project = await setProjectDescription(context.store, tenant(context), input, context.limits);
      return { id: project.id, project };
    },
    deleteProject: async (_parent, { input }, context) => {
      const deleted = await deleteProject(context.store, tenant(context), input.projectId);
      if (!deleted)
        throw new ApiError({
          code: 'NOT_FOUND',
          message: `Project ${input.projectId} was not found in this tenant.`,
        });
      context.events.notify(tenant(context));
      return success();
    },
    createFlow: async (_parent, { input }, context) => {
      const parsed = readCreateFlowInput(input);
      const result = await transact(context.store, (trx) =>
        createFlow(trx, tenant(context), parsed, context.limits),
      );
      context.events.notify(tenant(context));
      return { id: result.flow.id, flow: result.flow, created: result.created };
    },
    createFlowFromCompressedString: async (_parent, { input }, context) => {
      const serializedFlow = decompressFlow(input.serializedFlow, context.limits);
      const result = await transact(context.store, (trx) =>
        createFlow(trx, tenant(context), { ...input, serializedFlow }, context.limits),
      );
      context.events.notify(tenant(context));
      return { id: result.flow.id, flow: result.flow, created: result.created };
    },
    archiveFlow: async (_parent, { input }, context) => {
      await transact(context.store, (trx) => archiveFlow(trx, tenant(context), input.flowId));
      context.events.notify(tenant(context));
      return success();
    },
    deleteFlow: async (_parent, { input }, context) => {
      await transact(context.store, (trx) => deleteFlow(trx, tenant(context), input.flowId));
      context.events.notify(tenant(context));
      return success();
    },
    setScheduleActive: async (_parent, { input }, context) => {
      await transact(context.store, (trx) => setScheduleActive(trx, tenant(context), input.flowId));
      context.events.notify(tenant(context));
      return success();
    },
    setScheduleInactive: async (_parent, { input }, context) => {
      await transact(context.store, (trx) => setScheduleInactive(trx, tenant(context), input.flowId));
      context.events.notify(tenant(context));
      return success();
    },
    setFlowGroupSchedule: async (_parent, { input }, context) => {
      await transact(context.store, (trx) => setFlowGroupSchedule(trx, tenant(context), input));
      context.events.notify(tenant(context));
      return success();
    },
    deleteFlowGroupSchedule: async (_parent, { input }, context) => {
      await transact(context.store, (trx) =>
        deleteFlowGroupSchedule(trx, tenant(context), input.flowGroupId),
      );
      context.events.notify(tenant(context));
      return success();
    },
    setFlowGroupDefaultParameters: async (_parent, { input }, context) => {
      await transact(context.store, (trx) => setFlowGroupDefaultParameters(trx, tenant(context), input));
      return success();
    },
    setFlowGroupLabels: async (_parent, { input }, context) => {
      await setFlowGroupLabels(context.store, tenant(context), input, context.limits);
      return success();
    },
    setFlowGroupDescription: async (_parent, { input }, context) => {
      await setFlowGroupDescription(context.store, tenant(context), input, context.limits);
      return success();
    },
    deleteFlowGroup: async (_parent, { input }, context) => {
      await deleteFlowGroup(context.store, tenant(context), input.flowGroupId);
      context.events.notify(tenant(context));
      return success();
    },
    enableFlowHeartbeat: async (_parent, { input }, context) => {
      await setFlowGroupFlag(context.store, tenant(context), input.flowId, 'heartbeat_enabled', true);
      return success();
    },
    disableFlowHeartbeat: async (_parent, { input }, context) => {
      await setFlowGroupFlag(context.store, tenant(context), input.flowId, 'heartbeat_enabled', false);
      return success();
    },
    enableFlowLazarusProcess: async (_parent, { input }, context) => {
      await setFlowGroupFlag(context.store, tenant(context), input.flowId, 'lazarus_enabled', true);
      return success();
    },
    disableFlowLazarusProcess: async (_parent, { input }, context) => {
      await setFlowGroupFlag(context.store, tenant(context), input.flowId, 'lazarus_enabled', false);
      return success();
    },
    createFlowRun: async (_parent, { input }, context) => {
      const parentTaskRunId = await checkParentTaskRun(context.store, caller(context), input.parentTaskRunId);
      // On PostgreSQL the run and its task runs are one statement (atomic on its own), so the
      // round trips of a transaction are saved; SQLite writes them in one transaction. A child
      // run and its link to the parent are written in one transaction on both.
      const create = async (store: Store) => {
        const result = await createFlowRun(store, tenant(context), input, context.limits);
        if (!parentTaskRunId || !result.created) return result;
        await linkParentTaskRun(store, result.flowRun.id, parentTaskRunId);
        return { ...result, flowRun: { ...result.flowRun, parentTaskRunId } };
      };
      const result = await (context.store.kind === 'postgres' && !parentTaskRunId
        ? create(context.store)
        : transact(context.store, create));
      if (result.created)
        context.events.notify(tenant(context), { kind: 'flowRuns', flowRuns: [result.flowRun] });
      return { id: result.flowRun.id, flowRun: result.flowRun, created: result.created };
    },
    setFlowRunStates: async (_parent, { input }, context) => {
      checkBatch(input.states.length, context);
      const writes = input.states.map((write, index) => ({
        flowRunId: checkId(write.flowRunId, `states.${index}.flowRunId`),
        version: write.version,
        state: parseState(write.state, context.limits, `states.${index}.state`),
      }));
      const { tokenId } = caller(context);
      const states = await writeFlowRunStates(
        context.store,
        tenant(context),
        writes.map((write) => ({
          ...write,
          agentId: context.agentId,
          tokenId,
          concurrency: context.concurrency,
        })),
      );
      context.events.notify(tenant(context), flowRunsChange(states.map((written) => written.flowRun)));
      return { states };
    },
    setTaskRunStates: async (_parent, { input }, context) => {
      checkBatch(input.states.length, context);
      const writes = input.states.map((write, index) => ({
        taskRunId: checkId(write.taskRunId, `states.${index}.taskRunId`),
        version: write.version,
        flowRunVersion: write.flowRunVersion ?? null,
        state: parseState(write.state, context.limits, `states.${index}.state`),
        concurrency: context.concurrency,
        cacheKey: write.cacheKey ?? null,
        cachedFromTaskRunId:
          write.cachedFromTaskRunId == null
            ? null
            : checkId(write.cachedFromTaskRunId, `states.${index}.cachedFromTaskRunId`),
      }));
      const states = await writeTaskRunStates(context.store, tenant(context), writes);
      context.events.notify(tenant(context), {
        kind: 'taskRuns',
        states: states.map((written) => written.state),
      });
      return { states };
    },
    cancelFlowRun: async (_parent, { input }, context) => {
      const { state } = await transact(context.store, (trx) =>
        cancelFlowRun(trx, tenant(context), input.flowRunId),
      );
      context.events.notify(tenant(context));
      const flowRun = found(
        await loaders(context).flowRun.load(input.flowRunId),
        `Flow run ${input.flowRunId}`,
      );
      return { state, flowRun };
    },
    resumeFlowRun: async (_parent, { input }, context) => {
      const { state, taskRunIds } = await transact(context.store, (trx) =>
        resumeFlowRun(trx, tenant(context), input),
      );
      context.events.notify(tenant(context));
      const flowRun = found(
        await loaders(context).flowRun.load(input.flowRunId),
        `Flow run ${input.flowRunId}`,
      );
      const taskRuns = (await loaders(context).taskRunsOfFlowRun.load(input.flowRunId)).filter((taskRun) =>
        taskRunIds.includes(taskRun.id),
      );
      return { state, flowRun, taskRuns };
    },
    deleteFlowRun: async (_parent, { input }, context) => {
      const deleted = await deleteFlowRun(context.store, tenant(context), input.flowRunId);
      if (!deleted)
        throw new ApiError({
          code: 'NOT_FOUND',
          message: `Flow run ${input.flowRunId} was not found in this tenant.`,
        });
      context.events.notify(tenant(context));
      return success();
    },
    getOrCreateTaskRun: async (_parent, { input }, context) => {
      const taskRun = await transact(context.store, (trx) => getOrCreateTaskRun(trx, tenant(context), input));
      return {
        id: taskRun.id,
        version: taskRun.version,
        state: taskRun.state,
        serializedState: taskRun.serializedState,
        taskRun,
      };
    },
    updateFlowRunHeartbeat: async (_parent, { input }, context) => {
      await updateFlowRunHeartbeat(context.store, tenant(context), input.flowRunId);
      return success();
    },
    updateTaskRunHeartbeat: async (_parent, { input }, context) => {
      await updateTaskRunHeartbeat(context.store, tenant(context), input.taskRunId);
      return success();
    },
    getRunsInQueue: async (_parent, { input }, context) => ({
      flowRunIds: await getRunsInQueue(
        context.store,
        tenant(context),
        { ...input, agentId: input.agentId ?? context.agentId },
        context.limits,
      ),
    }),
    claimFlowRuns: async (_parent, { input }, context) => {
      const waitMs = claimWaitMs(input.waitMs);
      const claim = () =>
        claimFlowRuns(
          context.store,
          tenant(context),
          { ...input, tokenId: caller(context).tokenId },
          context.limits,
        );
      const result =
        waitMs > 0
          ? await claimWaiting(
              context.events,
              tenant(context),
              waitMs,
              AbortSignal.any([context.request.signal, context.shutdown]),
              claim,
            )
          : await claim();
      if (result.claims.length > 0)
        context.events.notify(tenant(context), flowRunsChange(result.claims.map((claim) => claim.flowRun)));
      // What the claim read back as it wrote it is not read again.
      for (const flow of result.flows ?? []) loaders(context).flow.prime(flow.id, flow);
      const claims = await Promise.all(
        result.claims.map(async (claim) => {
          if (claim.flowRun) loaders(context).flowRun.prime(claim.flowRunId, claim.flowRun);
          if (claim.allTaskRuns) loaders(context).taskRunsOfFlowRun.prime(claim.flowRunId, claim.allTaskRuns);
          const flowRun = found(
            await loaders(context).flowRun.load(claim.flowRunId),
            `Flow run ${claim.flowRunId}`,
          );
          const taskRuns = claim.taskRunIds.length
            ? (await loaders(context).taskRunsOfFlowRun.load(claim.flowRunId)).filter((taskRun) =>
                claim.taskRunIds.includes(taskRun.id),
              )
            : [];
          return { flowRun, taskRuns };
        }),
      );
      return { claims, nextDueAt: result.nextDueAt };
    },
    registerAgent: async (_parent, { input }, context) => ({
      id: await registerAgent(context.store, tenant(context), input, context.limits),
    }),
    writeRunLogs: async (_parent, { input }, context) => {
      await writeRunLogs(context.store, tenant(context), input.logs, context.limits);
      context.events.notify(tenant(context), { kind: 'logs' });
      return success();
    },
    createApiToken: async (_parent, { input }, context) => {
      const name = validate(nameSchema(context.limits), input.name, 'token name');
      const expiresAt = isoInput(input.expiresAt, 'expiresAt');
      if (expiresAt !== null && expiresAt <= nowIso()) {
        throw new ApiError({ code: 'BAD_USER_INPUT', message: 'expiresAt must be in the future.' });
      }
      const { token, row } = await insertApiToken(context.store.db, {
        tenantId: tenant(context),
        name,
        scope: input.scope,
        expiresAt,
      });
      return { id: row.id, token, apiToken: toApiToken(row) };
    },
    revokeApiToken: async (_parent, { input }, context) => {
      const result = await context.store.db
        .updateTable('api_token')
        .set({ revoked_at: nowIso() })
        .where('id', '=', checkId(input.tokenId, 'tokenId'))
        .where('tenant_id', '=', tenant(context))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) {
        throw new ApiError({
          code: 'NOT_FOUND',
          message: `No active API token ${input.tokenId} in this tenant.`,
        });
      }
      context.tokens.tokenRevoked();
      return success();
    },
    setSecret: async (_parent, { input }, context) =>
      setSecret(context.store, context.secretsKey, tenant(context), input),
    deleteSecret: async (_parent, { input }, context) => {
      await deleteSecret(context.store, tenant(context), input.name);
      return success();
    },
    readRunSecret: async (_parent, { input }, context) => ({
      name: input.name,
      value: await readRunSecret(context.store, context.secretsKey, caller(context), input),
    }),
    setConcurrencyLimit: async (_parent, { input }, context) => {
      const id = await setConcurrencyLimit(context.store, tenant(context), input);
      const [limit] = await listConcurrencyLimits(context.store, tenant(context), context.concurrency, [id]);
      return found(limit, `Concurrency limit ${id}`);
    },
    deleteConcurrencyLimit: async (_parent, { input }, context) => ({
      success: await deleteConcurrencyLimit(context.store, tenant(context), input),
      error: null,
    }),
  },

  Subscription: subscriptionResolvers,

  Project: {
    flows: (project, args, context) => flowsOfProject(context, project.id, args.allVersions ?? false),
    flowCount: async (project, _args, context) => {
      const row = await context.store.db
        .selectFrom('flow')
        .select((eb) => eb.fn.count<number>('flow_group_id').distinct().as('n'))
        .where('tenant_id', '=', tenant(context))
        .where('project_id', '=', project.id)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  },
  Flow: {
    project: async (flow, _args, context) =>
      found(await loaders(context).project.load(flow.projectId), `Project ${flow.projectId}`),
    tasks: (flow, _args, context) => loaders(context).tasksOfFlow.load(flow.id),
    edges: (flow, _args, context) => loaders(context).edgesOfFlow.load(flow.id),
    versions: async (flow, _args, context) =>
      (
        await listFlows(
          context.store,
          tenant(context),
          { versionGroupId: flow.versionGroupId },
          true,
          { first: context.limits.pageSize },
          context.limits,
        )
      ).nodes,
    flowGroup: async (flow, _args, context) => flowGroupOf(context, flow),
    health: (flow, args, context) =>
      flowHealth(context.store, tenant(context), flow.versionGroupId, args.last ?? 20, context.limits),
    heartbeatEnabled: async (flow, _args, context) => (await flowGroupOf(context, flow)).heartbeatEnabled,
    lazarusEnabled: async (flow, _args, context) => (await flowGroupOf(context, flow)).lazarusEnabled,
  },
  FlowGroup: {
    flows: async (group, _args, context) =>
      [...(await loaders(context).flowsOfGroup.load(group.id))].reverse(),
  },
  Task: {
    upstreamEdges: async (task, _args, context) =>
      (await loaders(context).edgesOfFlow.load(task.flowId)).filter(
        (edge) => edge.downstreamTaskId === task.id,
      ),
    downstreamEdges: async (task, _args, context) =>
      (await loaders(context).edgesOfFlow.load(task.flowId)).filter(
        (edge) => edge.upstreamTaskId === task.id,
      ),
  },
  Edge: {
    upstreamTask: async (edge, _args, context) =>
      found(await loaders(context).task.load(edge.upstreamTaskId), 'Task'),
    downstreamTask: async (edge, _args, context) =>
      found(await loaders(context).task.load(edge.downstreamTaskId), 'Task'),
  },
  FlowRun: {
    flow: async (run, _args, context) =>
      found(await loaders(context).flow.load(run.flowId), `Flow ${run.flowId}`),
    agent: (run, _args, context) => (run.agentId ? loaders(context).agent.load(run.agentId) : null),
    parentFlowRunId: async (run, _args, context) => {
      if (!run.parentTaskRunId) return null;
      const parent = await context.store.db
        .selectFrom('task_run')
        .select('flow_run_id')
        .where('id', '=', run.parentTaskRunId)
        .where('tenant_id', '=', tenant(context))
        .executeTakeFirst();
      return parent?.flow_run_id ?? null;
    },
    waitingFor: async (run, _args, context) => {
      const now = Date.now();
      // Most runs are not waiting: they cost no query.
      if (!isDueAndWaiting(run, now)) return null;
      const [flow, agents] = await Promise.all([
        loaders(context).flow.load(run.flowId),
        loaders(context).connectedAgents.load(CONNECTED),
      ]);
      return waitingFor(run, flow?.storageType ?? null, agents, now);
    },
    failure: async (run, _args, context) =>
      isFailedState(run.state)
        ? ((await loaders(context).taskFailure.load(run.id)) ?? flowRunFailure(run.stateMessage, run.state))
        : null,
    taskRuns: (run, _args, context) => loaders(context).taskRunsOfFlowRun.load(run.id),
    states: (run, _args, context) => loaders(context).flowRunStates.load(run.id),
  },
  TaskRun: {
    flowRun: async (taskRun, _args, context) =>
      found(await loaders(context).flowRun.load(taskRun.flowRunId), `Flow run ${taskRun.flowRunId}`),
    task: async (taskRun, _args, context) =>
      found(await loaders(context).task.load(taskRun.taskId), `Task ${taskRun.taskId}`),
    states: (taskRun, _args, context) => loaders(context).taskRunStates.load(taskRun.id),
    cachedFromFlowRunId: async (taskRun, _args, context) => {
      if (!taskRun.cachedFromTaskRunId) return null;
      const source = await context.store.db
        .selectFrom('task_run')
        .select('flow_run_id')
        .where('id', '=', taskRun.cachedFromTaskRunId)
        .where('tenant_id', '=', tenant(context))
        .executeTakeFirst();
      return source?.flow_run_id ?? null;
    },
  },
  FlowConnection: connection<FlowModel>(),
  FlowRunConnection: connection<FlowRunModel>(),
  TaskRunConnection: connection<TaskRunModel>(),
  LogConnection: connection<LogModel>(),
  AgentConnection: connection<AgentModel>(),
  ApiTokenConnection: connection<ApiTokenModel>(),
  ProjectConnection: connection<ProjectModel>(),
};

/** Every resolver of the API, with access control on the root fields and on restricted types. */
export const apiResolvers: Resolvers = guardResolvers(sanitizeRootArguments(resolvers));

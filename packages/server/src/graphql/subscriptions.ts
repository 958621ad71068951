import { logsAfter } from '../api/logs.js';
import { type FlowRunModel, type LogModel, type TaskRunModel, toFlowRun, toTaskRun } from '../api/models.js';
import { checkId } from '../api/validation.js';
import type { SubscriptionResolvers } from '../schema/resolvers.generated.js';
import type { GraphQLContext } from './context.js';
import { type RowsOfChanges, rowChanges } from './row-changes.js';
import type { RunChange } from './run-events.js';

function tenantOf(context: GraphQLContext): string {
  return context.auth!.tenantId;
}

async function* flowRunChanges(
  context: GraphQLContext,
  args: { flowRunId?: string | null; flowId?: string | null; projectId?: string | null },
): AsyncGenerator<{ flowRunUpdated: FlowRunModel }> {
  const tenantId = tenantOf(context);
  const flowRunId = args.flowRunId != null ? checkId(args.flowRunId, 'flowRunId') : null;
  const flowId = args.flowId != null ? checkId(args.flowId, 'flowId') : null;
  const projectId = args.projectId != null ? checkId(args.projectId, 'projectId') : null;
  const read = async (since: string) => {
    let query = context.store.db
      .selectFrom('flow_run')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('updated', '>=', since);
    if (flowRunId) query = query.where('id', '=', flowRunId);
    if (flowId) query = query.where('flow_id', '=', flowId);
    if (projectId) {
      query = query.where('flow_id', 'in', (eb) =>
        eb
          .selectFrom('flow')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('project_id', '=', projectId),
      );
    }
    return (await query.orderBy('updated').limit(500).execute()).map(toFlowRun);
  };
  // Flow runs are handed over as written when no project has to be looked up to filter them.
  const rowsOf: RowsOfChanges<FlowRunModel> = (changes) => {
    const runs: FlowRunModel[] = [];
    for (const change of changes) {
      if (change.kind === 'logs' || change.kind === 'taskRuns') continue;
      if (change.kind !== 'flowRuns' || projectId) return undefined;
      for (const run of change.flowRuns) {
        if ((!flowRunId || run.id === flowRunId) && (!flowId || run.flowId === flowId)) runs.push(run);
      }
    }
    return runs;
  };
  for await (const run of rowChanges(context, tenantId, read, rowsOf)) {
    // The request's loaders live as long as the subscription; who is connected does not.
    context.loaders?.connectedAgents.clearAll();
    yield { flowRunUpdated: run };
  }
}

async function* taskRunChanges(
  context: GraphQLContext,
  flowRunId: string,
): AsyncGenerator<{ taskRunUpdated: TaskRunModel }> {
  const tenantId = tenantOf(context);
  checkId(flowRunId, 'flowRunId');
  const read = async (since: string) =>
    (
      await context.store.db
        .selectFrom('task_run')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('flow_run_id', '=', flowRunId)
        .where('updated', '>=', since)
        .orderBy('updated')
        .limit(1000)
        .execute()
    ).map(toTaskRun);
  // Log lines change no task run.
  const rowsOf = (changes: readonly RunChange[]) =>
    changes.every((change) => change.kind === 'logs') ? [] : undefined;
  for await (const taskRun of rowChanges(context, tenantId, read, rowsOf)) yield { taskRunUpdated: taskRun };
}

async function* logTail(
  context: GraphQLContext,
  flowRunId: string,
  minLevel: LogModel['level'] | null | undefined,
): AsyncGenerator<{ logsWritten: LogModel[] }> {
  const tenantId = tenantOf(context);
  checkId(flowRunId, 'flowRunId');
  const latest = await context.store.db
    .selectFrom('log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('flow_run_id', '=', flowRunId)
    .executeTakeFirst();
  let high = Number(latest?.seq ?? 0);
  // Sequence numbers may commit out of order on PostgreSQL: look back a little and skip seen ids.
  const seen = new Set<string>();
  while (!context.shutdown.aborted) {
    await context.events.wait(tenantId, context.subscriptionPollMs, context.shutdown);
    if (context.shutdown.aborted) return;
    const low = Math.max(0, high - 1000);
    const fresh = (await logsAfter(context.store, tenantId, flowRunId, low, minLevel)).filter(
      (log) => !seen.has(log.id),
    );
    if (fresh.length === 0) continue;
    for (const log of fresh) {
      seen.add(log.id);
      if (log.seq > high) high = log.seq;
    }
    if (seen.size > 5000) seen.clear();
    yield { logsWritten: fresh };
  }
}

export const subscriptionResolvers: SubscriptionResolvers = {
  flowRunUpdated: { subscribe: (_parent, args, context) => flowRunChanges(context, args) },
  taskRunUpdated: { subscribe: (_parent, args, context) => taskRunChanges(context, args.flowRunId) },
  logsWritten: { subscribe: (_parent, args, context) => logTail(context, args.flowRunId, args.minLevel) },
};

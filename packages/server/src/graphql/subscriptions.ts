import { logsAfter } from '../api/logs.js';
import { type FlowRunModel, type LogModel, type TaskRunModel, toFlowRun, toTaskRun } from '../api/models.js';
import { checkId } from '../api/validation.js';
import type { SubscriptionResolvers } from '../schema/resolvers.generated.js';
import type { GraphQLContext } from './context.js';

/** Rows committed slightly out of timestamp order are still seen: each poll looks back this far. */
const LOOKBACK_MS = 5_000;

function tenantOf(context: GraphQLContext): string {
  return context.auth!.tenantId;
}

/**
 * Yields every row whose `updated` moved, polling the database (so writes of every replica
 * show) and waking early on this process's own writes.
 */
async function* changes<T extends { id: string; updated: string }>(
  context: GraphQLContext,
  read: (since: string) => Promise<T[]>,
): AsyncGenerator<T> {
  const seen = new Map<string, string>();
  const subscribed = new Date().toISOString();
  let high = subscribed;
  while (!context.shutdown.aborted) {
    await context.events.wait(tenantOf(context), context.subscriptionPollMs, context.shutdown);
    if (context.shutdown.aborted) return;
    const since = new Date(Date.parse(high) - LOOKBACK_MS).toISOString();
    for (const row of await read(since)) {
      if (row.updated > high) high = row.updated;
      // Only changes made after the subscription started; the look-back is for late commits.
      if (row.updated < subscribed || (seen.get(row.id) ?? '') >= row.updated) continue;
      seen.set(row.id, row.updated);
      yield row;
    }
    for (const [id, updated] of seen) if (updated < since) seen.delete(id);
  }
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
  for await (const run of changes(context, read)) {
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
  for await (const taskRun of changes(context, read)) yield { taskRunUpdated: taskRun };
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

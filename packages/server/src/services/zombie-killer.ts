import { serverState, writeFlowRunState, writeServerTaskRunState } from '../api/states.js';
import { type Store, transact } from '../api/store.js';
import { ApiError } from '../errors/api-error.js';
import { writeServiceLog } from './service-log.js';

/** Options of the zombie killer. */
export interface ZombieKillerOptions {
  /** A run whose flow-run heartbeat is older than this is a zombie. @default 120_000 (2 min) */
  heartbeatTimeoutMs: number;
  /** Most task runs handled per pass. @default 5_000 */
  batchSize: number;
}

/** True when another writer (a replica, the run itself) won the race: skip that run. */
function lostRace(error: unknown): boolean {
  return ApiError.isInstance(error) && (error.code === 'VERSION_LOCKING_ERROR' || error.code === 'NOT_FOUND');
}

/**
 * One zombie-killer pass. Running task runs whose flow run stopped heartbeating are retried
 * (Retrying, after the task's retry delay) while retries remain, else Failed; Cancelling flow
 * runs without heartbeat are Failed. Each gets an ERROR log line. Every write is version-locked,
 * so replicas running the same pass never double-handle a run. Returns how many runs it changed.
 */
export async function zombieKillerPass(
  store: Store,
  options: ZombieKillerOptions,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - options.heartbeatTimeoutMs).toISOString();
  let changed = 0;
  const zombies = await store.db
    .selectFrom('task_run as t')
    .innerJoin('flow_run as r', 'r.id', 't.flow_run_id')
    .innerJoin('flow as f', 'f.id', 'r.flow_id')
    .innerJoin('flow_group as g', 'g.id', 'f.flow_group_id')
    .innerJoin('task as k', 'k.id', 't.task_id')
    .select([
      't.id as id',
      't.tenant_id as tenantId',
      't.version as version',
      't.run_count as runCount',
      't.flow_run_id as flowRunId',
      'r.state as flowRunState',
      'k.max_retries as maxRetries',
      'k.retry_delay as retryDelay',
      'k.slug as slug',
    ])
    .where('t.state', '=', 'Running')
    .where('g.heartbeat_enabled', '=', 1)
    .where((eb) => eb.or([eb('r.heartbeat', '<', cutoff), eb('r.heartbeat', 'is', null)]))
    .orderBy('t.updated')
    .limit(options.batchSize)
    .execute();
  for (const zombie of zombies) {
    try {
      await transact(store, async (trx) => {
        const retry = zombie.flowRunState === 'Running' && zombie.runCount <= zombie.maxRetries;
        const message = retry
          ? `No heartbeat detected from the remote task; retrying the run (attempt ${zombie.runCount + 1} of ${zombie.maxRetries + 1}).`
          : 'No heartbeat detected from the remote task; marking the run as failed. Check the process or container for out-of-memory kills.';
        const state = retry
          ? serverState(
              'Retrying',
              message,
              new Date(now.getTime() + (zombie.retryDelay ?? 0) * 1000).toISOString(),
            )
          : serverState('Failed', message);
        if (retry) state.serialized.run_count = zombie.runCount;
        await writeServerTaskRunState(trx, zombie.tenantId, zombie.id, zombie.version, state);
        await writeServiceLog(
          trx,
          zombie.tenantId,
          { flowRunId: zombie.flowRunId, taskRunId: zombie.id },
          'ERROR',
          'zombie-killer',
          `Task ${zombie.slug}: ${message}`,
        );
      });
      changed++;
    } catch (error) {
      if (!lostRace(error)) throw error;
    }
  }
  const cancelling = await store.db
    .selectFrom('flow_run')
    .select(['id', 'tenant_id', 'version'])
    .where('state', '=', 'Cancelling')
    .where((eb) => eb.or([eb('heartbeat', '<', cutoff), eb('heartbeat', 'is', null)]))
    .orderBy('updated')
    .limit(options.batchSize)
    .execute();
  for (const run of cancelling) {
    try {
      await transact(store, async (trx) => {
        const message = 'No heartbeat detected from the flow run; marking the run as failed.';
        await writeFlowRunState(trx, run.tenant_id, {
          flowRunId: run.id,
          version: run.version,
          state: serverState('Failed', message),
        });
        await writeServiceLog(trx, run.tenant_id, { flowRunId: run.id }, 'ERROR', 'zombie-killer', message);
      });
      changed++;
    } catch (error) {
      if (!lostRace(error)) throw error;
    }
  }
  return changed;
}

import { SCHEDULED_LIKE_STATES } from '@headwater/core';
import { serverState, writeFlowRunState } from '../api/states.js';
import { type Store, transact } from '../api/store.js';
import { ApiError } from '../errors/api-error.js';
import { writeServiceLog } from './service-log.js';

/** Options of the lazarus service. */
export interface LazarusOptions {
  /** A Submitted/Running flow run whose heartbeat is older than this is lost. @default 600_000 (10 min) */
  heartbeatTimeoutMs: number;
  /** How many times a lost run is rescheduled before it is Failed. @default 3 */
  maxResurrections: number;
  /** Most flow runs handled per pass. @default 500 */
  batchSize: number;
}

/**
 * One lazarus pass: Submitted or Running flow runs with a stale heartbeat and no live task run
 * (none Scheduled-like, Running or Cancelling) are rescheduled, up to `maxResurrections` times,
 * then Failed — each time with a log line. Version-locked, so safe with several replicas.
 * Returns how many runs it changed.
 */
export async function lazarusPass(store: Store, options: LazarusOptions, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - options.heartbeatTimeoutMs).toISOString();
  const live = [...SCHEDULED_LIKE_STATES, 'Running', 'Cancelling'];
  const lost = await store.db
    .selectFrom('flow_run as r')
    .innerJoin('flow as f', 'f.id', 'r.flow_id')
    .innerJoin('flow_group as g', 'g.id', 'f.flow_group_id')
    .select([
      'r.id as id',
      'r.tenant_id as tenantId',
      'r.version as version',
      'r.times_resurrected as timesResurrected',
    ])
    .where('r.state', 'in', ['Submitted', 'Running'])
    .where('g.heartbeat_enabled', '=', 1)
    .where('g.lazarus_enabled', '=', 1)
    .where((eb) => eb.or([eb('r.heartbeat', '<', cutoff), eb('r.heartbeat', 'is', null)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('task_run as t')
            .select('t.id')
            .whereRef('t.flow_run_id', '=', 'r.id')
            .where('t.state', 'in', live),
        ),
      ),
    )
    .orderBy('r.updated')
    .limit(options.batchSize)
    .execute();
  let changed = 0;
  for (const run of lost) {
    try {
      await transact(store, async (trx) => {
        if (run.timesResurrected < options.maxResurrections) {
          const attempt = run.timesResurrected + 1;
          await writeFlowRunState(trx, run.tenantId, {
            flowRunId: run.id,
            version: run.version,
            state: serverState('Scheduled', 'Rescheduled by a Lazarus process.', now.toISOString()),
          });
          await trx.db
            .updateTable('flow_run')
            .set((eb) => ({ times_resurrected: eb('times_resurrected', '+', 1) }))
            .where('id', '=', run.id)
            .execute();
          await writeServiceLog(
            trx,
            run.tenantId,
            { flowRunId: run.id },
            'INFO',
            'lazarus',
            `Rescheduled by a Lazarus process: the run stopped sending heartbeats. This is attempt ${attempt}.`,
          );
        } else {
          const message = `A Lazarus process attempted to reschedule this run ${run.timesResurrected} times without success. Marking as failed.`;
          await writeFlowRunState(trx, run.tenantId, {
            flowRunId: run.id,
            version: run.version,
            state: serverState('Failed', message),
          });
          await writeServiceLog(trx, run.tenantId, { flowRunId: run.id }, 'ERROR', 'lazarus', message);
        }
      });
      changed++;
    } catch (error) {
      if (
        !(
          ApiError.isInstance(error) &&
          (error.code === 'VERSION_LOCKING_ERROR' || error.code === 'NOT_FOUND')
        )
      )
        throw error;
    }
  }
  return changed;
}

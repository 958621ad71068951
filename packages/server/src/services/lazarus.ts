import { SCHEDULED_LIKE_STATES } from '@headwater/core';
import { serverState, writeFlowRunState } from '../api/states.js';
import { type Store, transact } from '../api/store.js';
import { isSilent, lockFlowRun } from './flow-run-lock.js';
import { unlessRaceLost } from './lost-race.js';
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

/** A flow run that looked lost when the pass selected it. */
export interface LostFlowRun {
  id: string;
  tenantId: string;
  version: number;
  timesResurrected: number;
}

const LIVE_TASK_RUN_STATES = [...SCHEDULED_LIKE_STATES, 'Running', 'Cancelling'];

/**
 * Submitted or Running flow runs (with heartbeats and lazarus on) that sent no heartbeat since
 * `cutoff` and have no live task run (none Scheduled-like, Running or Cancelling).
 */
export function selectLostFlowRuns(store: Store, cutoff: Date, limit: number): Promise<LostFlowRun[]> {
  return store.db
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
    .where((eb) => eb.or([eb('r.heartbeat', '<', cutoff.toISOString()), eb('r.heartbeat', 'is', null)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('task_run as t')
            .select('t.id')
            .whereRef('t.flow_run_id', '=', 'r.id')
            .where('t.state', 'in', LIVE_TASK_RUN_STATES),
        ),
      ),
    )
    .orderBy('r.updated')
    .limit(limit)
    .execute();
}

async function hasLiveTaskRun(trx: Store, flowRunId: string): Promise<boolean> {
  const live = await trx.db
    .selectFrom('task_run')
    .select('id')
    .where('flow_run_id', '=', flowRunId)
    .where('state', 'in', LIVE_TASK_RUN_STATES)
    .limit(1)
    .executeTakeFirst();
  return live !== undefined;
}

async function reschedule(trx: Store, run: LostFlowRun, now: Date): Promise<void> {
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
    `Rescheduled by a Lazarus process: the run stopped sending heartbeats. This is attempt ${run.timesResurrected + 1}.`,
  );
}

async function giveUp(trx: Store, run: LostFlowRun): Promise<void> {
  const message = `A Lazarus process attempted to reschedule this run ${run.timesResurrected} times without success. Marking as failed.`;
  await writeFlowRunState(trx, run.tenantId, {
    flowRunId: run.id,
    version: run.version,
    state: serverState('Failed', message),
  });
  await writeServiceLog(trx, run.tenantId, { flowRunId: run.id }, 'ERROR', 'lazarus', message);
}

/**
 * Reschedules one lost flow run, or fails it after `maxResurrections`, with a log line. In its
 * transaction it first re-reads the run, holding off its heartbeats and task-run starts: when a
 * heartbeat came after the selection, the run moved on or a task run started, it leaves the run
 * alone, so a live run is never started a second time beside itself. Resolves to whether it wrote.
 */
export async function resurrect(
  store: Store,
  run: LostFlowRun,
  options: Pick<LazarusOptions, 'maxResurrections'>,
  cutoff: Date,
  now: Date,
): Promise<boolean> {
  return unlessRaceLost(() =>
    transact(store, async (trx) => {
      const current = await lockFlowRun(trx, run.id, 'update');
      if (!current || current.version !== run.version || !isSilent(current, cutoff)) return false;
      if (await hasLiveTaskRun(trx, run.id)) return false;
      if (run.timesResurrected < options.maxResurrections) await reschedule(trx, run, now);
      else await giveUp(trx, run);
      return true;
    }),
  );
}

/**
 * One lazarus pass: Submitted or Running flow runs with a stale heartbeat and no live task run
 * are rescheduled, up to `maxResurrections` times, then Failed — each time with a log line.
 * Each write re-checks the run under a lock and is version-locked, so it is safe with late
 * heartbeats and several replicas. Returns how many runs it changed.
 */
export async function lazarusPass(store: Store, options: LazarusOptions, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - options.heartbeatTimeoutMs);
  let changed = 0;
  for (const run of await selectLostFlowRuns(store, cutoff, options.batchSize)) {
    if (await resurrect(store, run, options, cutoff, now)) changed++;
  }
  return changed;
}

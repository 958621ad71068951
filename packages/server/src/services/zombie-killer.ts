import { serverState, writeFlowRunState, writeServerTaskRunState } from '../api/states.js';
import { type Store, transact } from '../api/store.js';
import { isSilent, lockFlowRun } from './flow-run-lock.js';
import { unlessRaceLost } from './lost-race.js';
import { writeServiceLog } from './service-log.js';

/** Options of the zombie killer. */
export interface ZombieKillerOptions {
  /** A run whose flow-run heartbeat is older than this is a zombie. @default 120_000 (2 min) */
  heartbeatTimeoutMs: number;
  /** Most task runs handled per pass. @default 5_000 */
  batchSize: number;
}

/** A Running task run whose flow run looked silent when the pass selected it. */
export interface ZombieTaskRun {
  id: string;
  tenantId: string;
  version: number;
  runCount: number;
  flowRunId: string;
  maxRetries: number;
  retryDelay: number | null;
  slug: string;
}

/** A Cancelling flow run that looked silent when the pass selected it. */
export interface SilentCancellingRun {
  id: string;
  tenant_id: string;
  version: number;
}

/** Running task runs whose flow run (with heartbeats on) sent no heartbeat since `cutoff`. */
export function selectZombieTaskRuns(store: Store, cutoff: Date, limit: number): Promise<ZombieTaskRun[]> {
  return store.db
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
      'k.max_retries as maxRetries',
      'k.retry_delay as retryDelay',
      'k.slug as slug',
    ])
    .where('t.state', '=', 'Running')
    .where('g.heartbeat_enabled', '=', 1)
    .where((eb) => eb.or([eb('r.heartbeat', '<', cutoff.toISOString()), eb('r.heartbeat', 'is', null)]))
    .orderBy('t.updated')
    .limit(limit)
    .execute();
}

/** Cancelling flow runs that sent no heartbeat since `cutoff`. */
export function selectSilentCancellingRuns(
  store: Store,
  cutoff: Date,
  limit: number,
): Promise<SilentCancellingRun[]> {
  return store.db
    .selectFrom('flow_run')
    .select(['id', 'tenant_id', 'version'])
    .where('state', '=', 'Cancelling')
    .where((eb) => eb.or([eb('heartbeat', '<', cutoff.toISOString()), eb('heartbeat', 'is', null)]))
    .orderBy('updated')
    .limit(limit)
    .execute();
}

/** Retrying (while retries remain and the flow run is Running) or Failed, with the log message. */
function zombieState(zombie: ZombieTaskRun, flowRunState: string, now: Date) {
  const retry = flowRunState === 'Running' && zombie.runCount <= zombie.maxRetries;
  const message = retry
    ? `No heartbeat detected from the remote task; retrying the run (attempt ${zombie.runCount + 1} of ${zombie.maxRetries + 1}).`
    : 'No heartbeat detected from the remote task; marking the run as failed. Check the process or container for out-of-memory kills.';
  const retryAt = new Date(now.getTime() + (zombie.retryDelay ?? 0) * 1000).toISOString();
  const state = retry ? serverState('Retrying', message, retryAt) : serverState('Failed', message);
  if (retry) state.serialized.run_count = zombie.runCount;
  return { state, message };
}

/**
 * Retries (Retrying, after the task's retry delay, while retries remain) or fails one zombie,
 * with an ERROR log line. In its transaction it first re-reads the flow run, holding off its
 * heartbeats: when a heartbeat came after the selection, or the task run moved on, it leaves
 * the task run alone, so a live task run is never started a second time beside itself.
 * Resolves to whether it wrote.
 */
export async function killZombie(
  store: Store,
  zombie: ZombieTaskRun,
  cutoff: Date,
  now: Date,
): Promise<boolean> {
  return unlessRaceLost(() =>
    transact(store, async (trx) => {
      const flowRun = await lockFlowRun(trx, zombie.flowRunId, 'share');
      if (!flowRun || !isSilent(flowRun, cutoff)) return false;
      const { state, message } = zombieState(zombie, flowRun.state, now);
      await writeServerTaskRunState(trx, zombie.tenantId, zombie.id, zombie.version, state);
      await writeServiceLog(
        trx,
        zombie.tenantId,
        { flowRunId: zombie.flowRunId, taskRunId: zombie.id },
        'ERROR',
        'zombie-killer',
        `Task ${zombie.slug}: ${message}`,
      );
      return true;
    }),
  );
}

/** Fails one silent Cancelling flow run, re-checked like {@link killZombie}. Resolves to whether it wrote. */
export async function failCancellingRun(
  store: Store,
  run: SilentCancellingRun,
  cutoff: Date,
): Promise<boolean> {
  return unlessRaceLost(() =>
    transact(store, async (trx) => {
      const flowRun = await lockFlowRun(trx, run.id, 'update');
      if (!flowRun || !isSilent(flowRun, cutoff)) return false;
      const message = 'No heartbeat detected from the flow run; marking the run as failed.';
      await writeFlowRunState(trx, run.tenant_id, {
        flowRunId: run.id,
        version: run.version,
        state: serverState('Failed', message),
      });
      await writeServiceLog(trx, run.tenant_id, { flowRunId: run.id }, 'ERROR', 'zombie-killer', message);
      return true;
    }),
  );
}

/**
 * One zombie-killer pass. Running task runs whose flow run stopped heartbeating are retried
 * (Retrying, after the task's retry delay) while retries remain, else Failed; Cancelling flow
 * runs without heartbeat are Failed. Each gets an ERROR log line. Every write re-checks the
 * heartbeat under a lock and is version-locked, so neither a late heartbeat nor replicas running
 * the same pass make a run be handled wrongly or twice. Returns how many runs it changed.
 */
export async function zombieKillerPass(
  store: Store,
  options: ZombieKillerOptions,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - options.heartbeatTimeoutMs);
  let changed = 0;
  for (const zombie of await selectZombieTaskRuns(store, cutoff, options.batchSize)) {
    if (await killZombie(store, zombie, cutoff, now)) changed++;
  }
  for (const run of await selectSilentCancellingRuns(store, cutoff, options.batchSize)) {
    if (await failCancellingRun(store, run, cutoff)) changed++;
  }
  return changed;
}

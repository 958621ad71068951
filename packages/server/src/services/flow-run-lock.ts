import type { Store } from '../api/store.js';

/** What a service re-reads of a flow run before it writes. */
export interface LockedFlowRun {
  state: string;
  version: number;
  heartbeat: string | null;
}

/**
 * Re-reads a flow run inside the service's transaction, so a heartbeat that arrived after the
 * service selected the run is seen and no heartbeat lands between this read and the commit. On
 * PostgreSQL the row is locked (`FOR UPDATE` when the service writes the flow run, else
 * `FOR SHARE`, which a heartbeat's UPDATE waits for just the same and which does not hold off a
 * runner writing task-run states); on SQLite the transaction already holds the only write
 * lock (`BEGIN IMMEDIATE`) and the one connection.
 */
export function lockFlowRun(
  trx: Store,
  flowRunId: string,
  mode: 'update' | 'share',
): Promise<LockedFlowRun | undefined> {
  let query = trx.db
    .selectFrom('flow_run')
    .select(['state', 'version', 'heartbeat'])
    .where('id', '=', flowRunId);
  if (trx.kind === 'postgres') query = mode === 'update' ? query.forUpdate() : query.forShare();
  return query.executeTakeFirst();
}

/** True when the run's last heartbeat (none counts as silent) is older than `cutoff`. */
export function isSilent(run: { heartbeat: string | null }, cutoff: Date): boolean {
  return run.heartbeat === null || Date.parse(run.heartbeat) < cutoff.getTime();
}

import { stateTypesOf } from '@headwater/core';
import type { ApiLimits } from './limits.js';
import type { FlowRunModel } from './models.js';
import { listFlowRuns } from './queries.js';
import type { Store } from './store.js';

/** Most finished runs one health summary reads. */
export const MAX_HEALTH_RUNS = 50;

const SUCCESS_STATES: readonly string[] = stateTypesOf('Success');

/** How a flow's last finished runs went. */
export interface FlowHealthModel {
  runs: FlowRunModel[];
  successRate: number | null;
  medianDuration: number | null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The last `last` finished runs of a version group (newest due first), their success rate and median duration. */
export async function flowHealth(
  store: Store,
  tenantId: string,
  versionGroupId: string,
  last: number,
  limits: ApiLimits,
): Promise<FlowHealthModel> {
  const { nodes: runs } = await listFlowRuns(
    store,
    tenantId,
    { versionGroupId, stateGroup: 'Finished' },
    'SCHEDULED_START_TIME_DESC',
    { first: Math.max(1, Math.min(MAX_HEALTH_RUNS, last)) },
    limits,
  );
  const successes = runs.filter((run) => SUCCESS_STATES.includes(run.state)).length;
  const durations = runs.map((run) => run.duration).filter((value): value is number => value != null);
  return {
    runs,
    successRate: runs.length ? successes / runs.length : null,
    medianDuration: median(durations),
  };
}

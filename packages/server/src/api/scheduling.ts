import type { FlowTable } from '../database/tables.js';
import { fromJson } from '../database/values.js';
import { insertFlowRun } from './flow-runs.js';
import type { FlowParameterModel } from './models.js';
import { randomRunName } from './run-names.js';
import { nextScheduleTimes } from './schedule-events.js';
import type { Store } from './store.js';

/** How many future runs the scheduler keeps per active schedule. */
export const DEFAULT_SCHEDULED_RUNS = 10;

/**
 * Deterministic idempotency key of an auto-scheduled run: the same event always maps to the
 * same key, so overlapping passes or several server replicas never create a run twice.
 */
export function scheduledRunKey(time: string): string {
  return `auto-scheduled:${time}`;
}

/**
 * Creates the next runs of an active flow schedule: events strictly after `now` (never in the
 * past) and after the latest auto-scheduled run already there. Returns how many it created.
 */
export async function scheduleFlowRuns(
  store: Store,
  tenantId: string,
  flow: FlowTable,
  now: Date,
  maxRuns = DEFAULT_SCHEDULED_RUNS,
): Promise<number> {
  if (!flow.is_schedule_active || flow.archived) return 0;
  const schedule = fromJson(flow.schedule);
  if (schedule == null) return 0;
  const latest = await store.db
    .selectFrom('flow_run')
    .select((eb) => eb.fn.max('scheduled_start_time').as('latest'))
    .where('flow_id', '=', flow.id)
    .where('auto_scheduled', '=', 1)
    .executeTakeFirst();
  const latestTime = latest?.latest ? Date.parse(latest.latest as string) : Number.NEGATIVE_INFINITY;
  const parameters = fromJson<FlowParameterModel[]>(flow.parameters) ?? [];
  const defaults = Object.fromEntries(
    parameters.filter((p) => p.default != null).map((p) => [p.name, p.default]),
  );
  const labels = fromJson<string[]>(flow.labels) ?? [];
  let created = 0;
  for (const time of nextScheduleTimes(schedule, now, maxRuns)) {
    if (Date.parse(time) <= latestTime) continue;
    const result = await insertFlowRun(store, tenantId, flow, {
      parameters: defaults,
      context: {},
      labels,
      scheduledStartTime: time,
      idempotencyKey: scheduledRunKey(time),
      name: randomRunName(),
      autoScheduled: true,
    });
    if (result.created) created++;
  }
  return created;
}

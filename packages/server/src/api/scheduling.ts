import { createHash } from 'node:crypto';
import type { ParameterIssue } from '@headwater/core';
import { ApiError } from '../errors/api-error.js';
import {
  effectiveSchedule,
  type FlowWithGroup,
  missingParameters,
  runLabels,
  runParameterDefaults,
} from './flow-with-group.js';
import { insertFlowRun, MAX_NAME_ATTEMPTS, type NewFlowRun } from './insert-flow-run.js';
import { describeIssues, parameterIssues } from './parameter-values.js';
import { canonicalJson, clockParameterDefaults, nextScheduleEvents } from './schedule-events.js';
import type { Store } from './store.js';

/** How many future runs the scheduler keeps per active schedule. */
export const DEFAULT_SCHEDULED_RUNS = 10;

/**
 * Deterministic idempotency key of an auto-scheduled run: the same event always maps to the
 * same key, so overlapping passes or several server replicas never create a run twice. An event
 * of a clock with parameter defaults adds their digest, so same-time runs with different
 * parameters coexist.
 */
export function scheduledRunKey(
  time: string,
  parameterDefaults: Record<string, unknown> | null = null,
): string {
  if (parameterDefaults === null) return `auto-scheduled:${time}`;
  return `auto-scheduled:${time}:${createHash('md5').update(canonicalJson(parameterDefaults)).digest('hex')}`;
}

/**
 * The first clock of the flow's schedule (its group's, else its own) whose runs would fail at
 * once — counting the flow's defaults, the group's default parameters and the clock's parameter
 * defaults: a required parameter left without a value (`missing`), or a value its parameter's
 * schema refuses (`issues`) — or null when every clock's runs can start.
 */
export function scheduleParameterGap(
  flow: FlowWithGroup,
): { clock: number; missing: string[]; issues: ParameterIssue[] } | null {
  const defaults = runParameterDefaults(flow);
  const clocks = clockParameterDefaults(effectiveSchedule(flow));
  for (const [clock, clockDefaults] of (clocks.length > 0 ? clocks : [null]).entries()) {
    const parameters = { ...defaults, ...clockDefaults };
    const missing = missingParameters(flow, parameters);
    const issues = parameterIssues(flow, parameters);
    if (missing.length > 0 || issues.length > 0) return { clock, missing, issues };
  }
  return null;
}

/** Throws `BAD_USER_INPUT` when {@link scheduleParameterGap} finds a gap. */
export function checkScheduleParameters(flow: FlowWithGroup): void {
  const gap = scheduleParameterGap(flow);
  if (gap === null) return;
  if (gap.missing.length === 0) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Can not schedule flow ${flow.id}: clock ${gap.clock} of its schedule gives parameter values its parameters refuse: ${describeIssues(gap.issues)}. Fix the flow group's default parameters (setFlowGroupDefaultParameters) or the clock's parameterDefaults.`,
      details: { flowId: flow.id, clock: gap.clock, issues: gap.issues },
    });
  }
  throw new ApiError({
    code: 'BAD_USER_INPUT',
    message: `Can not schedule a flow that has required parameters: clock ${gap.clock} of the schedule of flow ${flow.id} leaves ${gap.missing.join(', ')} without a value. Give them values in the flow group's default parameters (setFlowGroupDefaultParameters) or in the clock's parameterDefaults.`,
    details: { flowId: flow.id, clock: gap.clock, missing: gap.missing },
  });
}

/**
 * Creates the next runs of an active flow schedule (the group's schedule when the group has
 * one, else the flow's): events strictly after `now` (never in the past) and, for clocks without
 * parameter defaults, after the latest auto-scheduled run already there. Parameters are the
 * flow's defaults < the group's default parameters < the clock's parameter defaults; labels the
 * group's, else the flow's. Returns how many runs it created.
 */
export async function scheduleFlowRuns(
  store: Store,
  tenantId: string,
  flow: FlowWithGroup,
  now: Date,
  maxRuns = DEFAULT_SCHEDULED_RUNS,
): Promise<number> {
  if (!flow.is_schedule_active || flow.archived) return 0;
  const schedule = effectiveSchedule(flow);
  if (schedule == null) return 0;
  const latest = await store.db
    .selectFrom('flow_run')
    .select((eb) => eb.fn.max('scheduled_start_time').as('latest'))
    .where('flow_id', '=', flow.id)
    .where('auto_scheduled', '=', 1)
    .executeTakeFirst();
  const latestTime = latest?.latest ? Date.parse(latest.latest as string) : Number.NEGATIVE_INFINITY;
  const defaults = runParameterDefaults(flow);
  const labels = runLabels(flow);
  let created = 0;
  for (const event of nextScheduleEvents(schedule, now, maxRuns)) {
    if (event.parameterDefaults === null && Date.parse(event.time) <= latestTime) continue;
    const run: NewFlowRun = {
      parameters: { ...defaults, ...event.parameterDefaults },
      context: {},
      labels,
      scheduledStartTime: event.time,
      idempotencyKey: scheduledRunKey(event.time, event.parameterDefaults),
      name: null,
      autoScheduled: true,
    };
    // Each try draws longer random names; none inserts only when the flow is gone.
    let result: Awaited<ReturnType<typeof insertFlowRun>>;
    for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS && !result; attempt++) {
      result = await insertFlowRun(store, tenantId, flow.id, run, { attempt });
    }
    if (result?.created) created++;
  }
  return created;
}

/** Deletes the auto-scheduled runs of a flow (or of every flow of a group) still Scheduled. */
export async function deleteUnstartedAutoRuns(
  store: Store,
  of: { flowId: string } | { flowGroupId: string },
): Promise<void> {
  const unstarted = store.db
    .deleteFrom('flow_run')
    .where('auto_scheduled', '=', 1)
    .where('state', '=', 'Scheduled');
  await ('flowId' in of
    ? unstarted.where('flow_id', '=', of.flowId)
    : unstarted.where('flow_id', 'in', (eb) =>
        eb.selectFrom('flow').select('id').where('flow_group_id', '=', of.flowGroupId),
      )
  ).execute();
}

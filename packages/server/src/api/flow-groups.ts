import { type Clock, CronClock, HeadwaterError, IntervalClock, Schedule } from '@headwater/core';
import type { Updateable } from 'kysely';
import type { FlowGroupTable } from '../database/tables.js';
import { nowIso, toJson } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import { checkCronFires } from './cron-fires.js';
import { effectiveSchedule, type FlowWithGroup, selectFlowsWithGroup } from './flow-with-group.js';
import type { ApiLimits } from './limits.js';
import { checkParameterValues } from './parameter-values.js';
import {
  checkScheduleParameters,
  deleteUnstartedAutoRuns,
  scheduleFlowRuns,
  scheduleParameterGap,
} from './scheduling.js';
import type { Store } from './store.js';
import {
  checkId,
  descriptionSchema,
  jsonObjectSchema,
  normalizeLabels,
  optionalJsonObjectSchema,
  validate,
} from './validation.js';

/** A clock of {@link SetFlowGroupScheduleInput}. */
interface ClockInput {
  /** Parameters of the clock's runs, over the group's default parameters. */
  parameterDefaults?: unknown;
}

/** Inputs of setFlowGroupSchedule. */
export interface SetFlowGroupScheduleInput {
  flowGroupId: string;
  cronClocks?: readonly (ClockInput & { cron: string })[] | null;
  /** `interval` in seconds. */
  intervalClocks?: readonly (ClockInput & { interval: number })[] | null;
  /** IANA zone every clock runs in. @default "UTC" */
  timezone?: string | null;
}

function notFound(flowGroupId: string) {
  return new ApiError({
    code: 'NOT_FOUND',
    message: `Flow group ${flowGroupId} was not found in this tenant.`,
  });
}

/** Updates a flow group of the tenant, or throws NOT_FOUND. */
async function updateFlowGroup(
  store: Store,
  tenantId: string,
  flowGroupId: string,
  values: Updateable<Pick<FlowGroupTable, 'schedule' | 'default_parameters' | 'labels' | 'description'>>,
): Promise<void> {
  checkId(flowGroupId, 'flowGroupId');
  const result = await store.db
    .updateTable('flow_group')
    .set({ ...values, updated: nowIso() })
    .where('id', '=', flowGroupId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound(flowGroupId);
}

/** The group's flows whose schedule is on (unarchived), with the group's settings. */
function scheduledFlowsOfGroup(store: Store, flowGroupId: string): Promise<FlowWithGroup[]> {
  return selectFlowsWithGroup(store.db)
    .where('f.flow_group_id', '=', flowGroupId)
    .where('f.is_schedule_active', '=', 1)
    .where('f.archived', '=', 0)
    .execute();
}

/** Deletes the group's auto-scheduled runs that have not started, then schedules `flows` again. */
async function replaceUnstartedRuns(
  store: Store,
  tenantId: string,
  flowGroupId: string,
  flows: FlowWithGroup[],
): Promise<void> {
  await deleteUnstartedAutoRuns(store, { flowGroupId });
  const now = new Date();
  for (const flow of flows) await scheduleFlowRuns(store, tenantId, flow, now);
}

/** Builds a core clock, turning its refusal into a `BAD_USER_INPUT` naming the clock (or the zone). */
function buildClock(path: string, build: () => Clock): Clock {
  try {
    return build();
  } catch (error) {
    if (!HeadwaterError.isInstance(error)) throw error;
    const what = error.code === 'INVALID_TIMEZONE' ? 'timezone' : path;
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Invalid ${what}: ${error.message}`,
      cause: error,
    });
  }
}

/**
 * The wire form of a group schedule: core's serialized schedule with each clock's
 * `parameter_defaults`, as a flow's schedule carries them.
 */
function groupSchedule(input: SetFlowGroupScheduleInput): unknown {
  const timezone = input.timezone ?? 'UTC';
  const clocks: { clock: Clock; parameterDefaults: Record<string, unknown> }[] = [];
  const defaultsOf = (clock: ClockInput, path: string) =>
    validate(optionalJsonObjectSchema, clock.parameterDefaults, `${path}.parameterDefaults`) ?? {};
  for (const [index, clock] of (input.cronClocks ?? []).entries()) {
    const path = `cronClocks.${index}`;
    const built = buildClock(path, () => new CronClock(clock.cron, { timezone }));
    checkCronFires(built, path);
    clocks.push({ clock: built, parameterDefaults: defaultsOf(clock, path) });
  }
  for (const [index, clock] of (input.intervalClocks ?? []).entries()) {
    const path = `intervalClocks.${index}`;
    if (!Number.isInteger(clock.interval) || clock.interval <= 0) {
      throw new ApiError({
        code: 'BAD_USER_INPUT',
        message: `Invalid ${path}: the interval must be a positive whole number of seconds; got ${clock.interval}.`,
      });
    }
    clocks.push({
      clock: buildClock(path, () => new IntervalClock(clock.interval * 1000, { timezone })),
      parameterDefaults: defaultsOf(clock, path),
    });
  }
  if (clocks.length === 0) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message:
        'A flow group schedule needs at least one clock (cronClocks or intervalClocks). To remove the schedule, use deleteFlowGroupSchedule.',
    });
  }
  const schedule = new Schedule({ clocks: clocks.map((c) => c.clock) }).serialize();
  return {
    ...schedule,
    clocks: schedule.clocks.map((clock, index) => ({
      ...clock,
      parameter_defaults: clocks[index]!.parameterDefaults,
    })),
  };
}

/**
 * Replaces a flow group's schedule (which overrides its flows' own), deletes the not-yet-started
 * auto-scheduled runs of its flows and schedules their next runs. In a transaction.
 */
export async function setFlowGroupSchedule(
  store: Store,
  tenantId: string,
  input: SetFlowGroupScheduleInput,
): Promise<void> {
  checkId(input.flowGroupId, 'flowGroupId');
  const schedule = groupSchedule(input);
  await updateFlowGroup(store, tenantId, input.flowGroupId, { schedule: toJson(schedule) });
  const flows = await scheduledFlowsOfGroup(store, input.flowGroupId);
  for (const flow of flows) checkScheduleParameters(flow);
  await replaceUnstartedRuns(store, tenantId, input.flowGroupId, flows);
}

/**
 * Removes a flow group's schedule: its flows' own schedules apply again, and their
 * not-yet-started auto-scheduled runs are replaced. A scheduled flow whose own schedule cannot
 * take over (it has none, or it leaves a required parameter without a value) has its schedule
 * turned off. In a transaction.
 */
export async function deleteFlowGroupSchedule(store: Store, tenantId: string, flowGroupId: string) {
  await updateFlowGroup(store, tenantId, flowGroupId, { schedule: null });
  const flows = await scheduledFlowsOfGroup(store, flowGroupId);
  const takesOver = (flow: FlowWithGroup) =>
    effectiveSchedule(flow) != null && scheduleParameterGap(flow) === null;
  const stopped = flows.filter((flow) => !takesOver(flow)).map((flow) => flow.id);
  if (stopped.length > 0) {
    await store.db
      .updateTable('flow')
      .set({ is_schedule_active: 0, updated: nowIso() })
      .where('id', 'in', stopped)
      .execute();
  }
  await replaceUnstartedRuns(store, tenantId, flowGroupId, flows.filter(takesOver));
}

/**
 * Sets the parameters laid over the flows' parameter defaults in the group's new runs. Refused
 * when a scheduled flow of the group would be left without a required parameter, or when the
 * schema of a parameter of an unarchived flow of the group refuses its value. Runs already
 * created keep theirs. In a transaction.
 */
export async function setFlowGroupDefaultParameters(
  store: Store,
  tenantId: string,
  input: { flowGroupId: string; parameters: unknown },
): Promise<void> {
  const parameters = validate(jsonObjectSchema, input.parameters, 'parameters');
  const current = await selectFlowsWithGroup(store.db)
    .where('f.tenant_id', '=', tenantId)
    .where('f.flow_group_id', '=', input.flowGroupId)
    .where('f.archived', '=', 0)
    .execute();
  for (const flow of current) checkParameterValues(flow, parameters);
  await updateFlowGroup(store, tenantId, input.flowGroupId, { default_parameters: toJson(parameters) });
  for (const flow of await scheduledFlowsOfGroup(store, input.flowGroupId)) checkScheduleParameters(flow);
}

/** Sets the labels of the group's new runs; null clears them (the flow's labels apply). */
export async function setFlowGroupLabels(
  store: Store,
  tenantId: string,
  input: { flowGroupId: string; labels?: readonly string[] | null },
  limits: ApiLimits,
): Promise<void> {
  const labels = input.labels == null ? null : toJson(normalizeLabels(input.labels, limits));
  await updateFlowGroup(store, tenantId, input.flowGroupId, { labels });
}

/** Sets (or clears, with null) a flow group's description. */
export async function setFlowGroupDescription(
  store: Store,
  tenantId: string,
  input: { flowGroupId: string; description?: string | null },
  limits: ApiLimits,
): Promise<void> {
  const description = validate(descriptionSchema(limits), input.description, 'description') ?? null;
  await updateFlowGroup(store, tenantId, input.flowGroupId, { description });
}

/**
 * Turns heartbeats (zombie killer and lazarus) or only the lazarus process on or off for every
 * version of a flow: the flag lives on the flow's group.
 */
export async function setFlowGroupFlag(
  store: Store,
  tenantId: string,
  flowId: string,
  setting: 'heartbeat_enabled' | 'lazarus_enabled',
  enabled: boolean,
): Promise<void> {
  checkId(flowId, 'flowId');
  const result = await store.db
    .updateTable('flow_group')
    .set({ [setting]: enabled ? 1 : 0, updated: nowIso() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', (eb) =>
      eb
        .selectFrom('flow')
        .select('flow_group_id')
        .where('id', '=', flowId)
        .where('tenant_id', '=', tenantId),
    )
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new ApiError({ code: 'NOT_FOUND', message: `Flow ${flowId} was not found in this tenant.` });
  }
}

/** Deletes a flow group with every flow in it, their runs, states and logs. */
export async function deleteFlowGroup(store: Store, tenantId: string, flowGroupId: string): Promise<void> {
  checkId(flowGroupId, 'flowGroupId');
  const result = await store.db
    .deleteFrom('flow_group')
    .where('id', '=', flowGroupId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound(flowGroupId);
}

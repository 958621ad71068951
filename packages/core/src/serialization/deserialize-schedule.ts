import type { z } from 'zod';
import { adjustmentFromReference } from '../schedules/adjustments.js';
import { type Clock, CronClock, DatesClock, IntervalClock } from '../schedules/clocks.js';
import { fromDateTimeTZ, type SerializedDateTimeTZ } from '../schedules/date-time-tz.js';
import { FILTER_NAMES, filterFromReference, type ScheduleFilter } from '../schedules/filters.js';
import { Schedule } from '../schedules/schedule.js';
import { IssueCollector } from './issue-collector.js';
import { parseWire } from './parse-wire.js';
import { type clockSchema, scheduleSchema } from './schemas.js';

type ParsedSchedule = z.output<typeof scheduleSchema>;
type ParsedClock = z.output<typeof clockSchema>;
type LegacyDate = SerializedDateTimeTZ | string;

const dateOf = (value: LegacyDate | null | undefined): Date | null =>
  value === null || value === undefined
    ? null
    : typeof value === 'string'
      ? new Date(value)
      : fromDateTimeTZ(value);

const zoneOf = (...values: (LegacyDate | null | undefined)[]) => {
  for (const v of values) if (v !== null && v !== undefined && typeof v !== 'string') return v.tz;
  return 'UTC';
};

function buildClock(clock: ParsedClock): Clock {
  const options = {
    startDate: dateOf(clock.start_date),
    endDate: dateOf(clock.end_date),
    timezone:
      clock.timezone ??
      zoneOf(clock.start_date, clock.end_date, ...(clock.type === 'DatesClock' ? clock.dates : [])),
  };
  switch (clock.type) {
    case 'IntervalClock':
      return new IntervalClock(clock.interval / 1000, options);
    case 'CronClock':
      return new CronClock(clock.cron, options);
    case 'DatesClock':
      return new DatesClock(clock.dates.map(fromDateTimeTZ), options);
  }
}

type Legacy = Exclude<ParsedSchedule, { type: 'Schedule' }>;

function legacyClocks(schedule: Legacy): Clock[] {
  switch (schedule.type) {
    case 'IntervalSchedule':
      return [
        new IntervalClock(schedule.interval / 1000, {
          startDate: dateOf(schedule.start_date),
          endDate: dateOf(schedule.end_date),
          timezone: zoneOf(schedule.start_date, schedule.end_date),
        }),
      ];
    case 'CronSchedule':
      return [
        new CronClock(schedule.cron, {
          startDate: dateOf(schedule.start_date),
          endDate: dateOf(schedule.end_date),
          timezone: zoneOf(schedule.start_date, schedule.end_date),
        }),
      ];
    case 'OneTimeSchedule':
      return [new DatesClock([dateOf(schedule.start_date)!], { timezone: zoneOf(schedule.start_date) })];
    case 'UnionSchedule':
      return schedule.schedules.flatMap(legacyClocks);
  }
}

/** Builds a schedule from its parsed form, collecting problems under `path`. */
export function buildSchedule(
  parsed: ParsedSchedule,
  issues: IssueCollector,
  path: readonly PropertyKey[],
): Schedule | undefined {
  if (parsed.type !== 'Schedule') {
    const clocks = issues.attempt(path, () => legacyClocks(parsed));
    return clocks === undefined ? undefined : new Schedule({ clocks });
  }
  const clocks = parsed.clocks.map((clock, i) =>
    issues.attempt([...path, 'clocks', i], () => buildClock(clock)),
  );
  const filtersOf = (key: 'filters' | 'or_filters' | 'not_filters') =>
    parsed[key].map((ref, i) => {
      const filter = filterFromReference(ref.fn, ref.kwargs);
      if (filter === undefined) {
        issues.add(
          [...path, key, i, 'fn'],
          `"${ref.fn}" is not a schedule filter (or its kwargs are malformed)`,
          FILTER_NAMES.join(' | '),
        );
      }
      return filter;
    });
  const filters = filtersOf('filters');
  const orFilters = filtersOf('or_filters');
  const notFilters = filtersOf('not_filters');
  const adjustments = parsed.adjustments.map((ref, i) => {
    const adjustment = adjustmentFromReference(ref.fn, ref.kwargs);
    if (adjustment === undefined) {
      issues.add(
        [...path, 'adjustments', i, 'fn'],
        `"${ref.fn}" is not a schedule adjustment (or its kwargs are malformed)`,
        'headwater.adjustments.add | headwater.adjustments.nextWeekday',
      );
    }
    return adjustment;
  });
  const present = <T>(list: (T | undefined)[]): list is T[] => list.every((x) => x !== undefined);
  if (
    !present(clocks) ||
    !present(filters) ||
    !present(orFilters) ||
    !present(notFilters) ||
    !present(adjustments)
  ) {
    return undefined;
  }
  return new Schedule({ clocks, filters: filters as ScheduleFilter[], orFilters, notFilters, adjustments });
}

/**
 * Loads a serialized schedule (also the original implementation's legacy schedule types).
 *
 * @example
 * ```ts
 * deserializeSchedule(flow.schedule!.serialize()).next(3);
 * ```
 */
export function deserializeSchedule(json: unknown): Schedule {
  const parsed = parseWire(scheduleSchema, json, 'schedule');
  const issues = new IssueCollector();
  const schedule = buildSchedule(parsed, issues, []);
  issues.throwIfAny('schedule');
  return schedule!;
}

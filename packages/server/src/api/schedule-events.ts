import { deserializeSchedule, Schedule } from '@headwater/core';

/** One run time of a schedule, with the parameter defaults of the clock it came from. */
export interface ScheduleEvent {
  /** ISO-8601, UTC. */
  time: string;
  /** The clock's `parameter_defaults`; null when it has none. */
  parameterDefaults: Record<string, unknown> | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The `parameter_defaults` of each clock of a serialized schedule, by clock index; null for a
 * clock without any. Empty for no schedule and for the legacy schedule types (no clocks).
 */
export function clockParameterDefaults(schedule: unknown): (Record<string, unknown> | null)[] {
  if (!isObject(schedule) || !Array.isArray(schedule.clocks)) return [];
  return schedule.clocks.map((clock) => {
    const defaults = isObject(clock) ? clock.parameter_defaults : undefined;
    return isObject(defaults) && Object.keys(defaults).length > 0 ? defaults : null;
  });
}

/** JSON with object keys sorted, so equal values always give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/**
 * The next `count` events of a serialized schedule strictly after `after` (never in the past),
 * ascending; empty for no schedule. Clocks with parameter defaults each yield their own events,
 * so two clocks firing at the same time with different parameters give two events.
 */
export function nextScheduleEvents(schedule: unknown, after: Date, count: number): ScheduleEvent[] {
  if (schedule == null) return [];
  const parsed = deserializeSchedule(schedule);
  const defaults = clockParameterDefaults(schedule);
  if (defaults.every((d) => d === null)) {
    return parsed.next(count, after).map((date) => ({ time: date.toISOString(), parameterDefaults: null }));
  }
  const events = parsed.clocks.flatMap((clock, index) =>
    new Schedule({ ...parsed, clocks: [clock] }).next(count, after).map((date) => ({
      time: date.toISOString(),
      parameterDefaults: defaults[index] ?? null,
    })),
  );
  events.sort((a, b) => a.time.localeCompare(b.time));
  const seen = new Set<string>();
  return events
    .filter((event) => {
      const key = `${event.time} ${canonicalJson(event.parameterDefaults)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, count);
}

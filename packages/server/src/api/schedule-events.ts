import { Cron } from 'croner';

/** One due event of a flow's schedule. */
export interface ScheduleEvent {
  /** When the run is due (ISO-8601, UTC). */
  time: string;
  /** Parameter defaults the clock sets for runs it creates, if any. */
  parameterDefaults?: Record<string, unknown>;
  /** Labels the clock sets for runs it creates, if any. */
  labels?: string[];
}

type Clock = {
  type?: string;
  interval?: number;
  cron?: string;
  dates?: unknown[];
  start_date?: unknown;
  end_date?: unknown;
  parameter_defaults?: Record<string, unknown> | null;
  labels?: string[] | null;
};

/** Python's IntervalClock starts at 2019-01-01T00:00Z when it has no start date. */
const DEFAULT_INTERVAL_START = Date.UTC(2019, 0, 1);

function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** A wire date (`{dt, tz}` or an ISO string) as epoch milliseconds. */
function toInstant(value: unknown): number | null {
  if (value == null) return null;
  if (typeof value === 'string') return Date.parse(value);
  if (typeof value === 'object' && typeof (value as { dt?: unknown }).dt === 'string') {
    const { dt, tz } = value as { dt: string; tz?: string };
    const naive = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(dt) ? dt : `${dt}Z`);
    if (!tz || tz === 'UTC') return naive;
    return naive - offsetMinutes(naive - offsetMinutes(naive, tz) * 60_000, tz) * 60_000;
  }
  return null;
}

function timeZoneOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? (value as { tz?: string }).tz : undefined;
}

function clockEvents(clock: Clock, after: number, count: number): number[] {
  const start = toInstant(clock.start_date);
  const end = toInstant(clock.end_date) ?? Number.POSITIVE_INFINITY;
  const from = Math.max(after, start ?? Number.NEGATIVE_INFINITY);
  const events: number[] = [];
  if (clock.type === 'IntervalClock' && typeof clock.interval === 'number' && clock.interval > 0) {
    const interval = clock.interval / 1000; // microseconds on the wire
    const origin = start ?? DEFAULT_INTERVAL_START;
    let k = Math.max(0, Math.floor((after - origin) / interval) + 1);
    while (events.length < count) {
      const time = origin + k * interval;
      if (time > end) break;
      if (time > after) events.push(time);
      k++;
    }
  } else if (clock.type === 'CronClock' && typeof clock.cron === 'string') {
    const cron = new Cron(clock.cron, { timezone: timeZoneOf(clock.start_date) ?? 'UTC', paused: true });
    for (const date of cron.nextRuns(count, new Date(from))) {
      const time = date.getTime();
      if (time > end) break;
      if (time > after) events.push(time);
    }
  } else if (clock.type === 'DatesClock' && Array.isArray(clock.dates)) {
    for (const date of clock.dates) {
      const time = toInstant(date);
      if (time !== null && time > after && time <= end) events.push(time);
    }
  }
  return events;
}

/**
 * The next `count` events of a serialized schedule strictly after `after` (never in the past).
 * Returns an empty list for a schedule it cannot read.
 */
export function nextScheduleEvents(schedule: unknown, after: Date, count: number): ScheduleEvent[] {
  if (schedule == null || typeof schedule !== 'object') return [];
  const clocks = ((schedule as { clocks?: Clock[] }).clocks ?? []).filter((c) => c && typeof c === 'object');
  const events: (ScheduleEvent & { at: number })[] = [];
  for (const clock of clocks) {
    for (const at of clockEvents(clock, after.getTime(), count)) {
      events.push({
        at,
        time: new Date(at).toISOString(),
        ...(clock.parameter_defaults ? { parameterDefaults: clock.parameter_defaults } : {}),
        ...(clock.labels ? { labels: clock.labels } : {}),
      });
    }
  }
  events.sort((a, b) => a.at - b.at);
  return events.slice(0, count).map(({ at: _at, ...event }) => event);
}

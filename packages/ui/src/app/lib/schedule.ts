import { formatDuration } from './format.js';

interface SerializedClock {
  type?: string;
  interval?: number;
  cron?: string;
  dates?: unknown[];
  timezone?: string;
}

/**
 * Describes a serialized schedule (`{ type: "Schedule", clocks: [...] }`) in words, one line per
 * clock, e.g. `["Every 1 h 00 min", "Cron 0 6 * * 1-5 (Europe/Berlin)"]` (a zone only when not UTC). Null when there is no schedule.
 */
export function describeSchedule(schedule: unknown): string[] | null {
  if (schedule === null || typeof schedule !== 'object') return null;
  const clocks = (schedule as { clocks?: unknown }).clocks;
  if (!Array.isArray(clocks) || clocks.length === 0)
    return [`A ${String((schedule as { type?: unknown }).type)} schedule`];
  return clocks.map((raw) => {
    const clock = (raw ?? {}) as SerializedClock;
    switch (clock.type) {
      case 'IntervalClock':
        // Intervals are serialized in microseconds, as in the original wire format.
        return typeof clock.interval === 'number'
          ? `Every ${formatDuration(clock.interval / 1_000_000)}`
          : 'Interval';
      case 'CronClock':
        return `Cron ${clock.cron ?? '?'}${clock.timezone ? ` (${clock.timezone})` : ''}`;
      case 'DatesClock':
        return `On ${Array.isArray(clock.dates) ? clock.dates.length : 0} fixed date(s)`;
      default:
        return String(clock.type ?? 'Unknown clock');
    }
  });
}

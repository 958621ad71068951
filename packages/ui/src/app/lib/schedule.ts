import cronstrue from 'cronstrue';
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
 * clock, e.g. `["Every 1 h 00 min", "At 06:00, Monday through Friday (Europe/Berlin)"]`; a cron
 * clock names its zone (UTC when it has none). Null when there is no schedule.
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
        return `${describeCron(clock.cron)} (${clock.timezone || 'UTC'})`;
      case 'DatesClock':
        return `On ${Array.isArray(clock.dates) ? clock.dates.length : 0} fixed date(s)`;
      default:
        return String(clock.type ?? 'Unknown clock');
    }
  });
}

/** A cron expression in words ("At 09:00, Monday through Friday"), or as written when it does not parse. */
export function describeCron(cron: string | undefined): string {
  if (!cron) return 'Cron ?';
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return `Cron ${cron}`;
  }
}

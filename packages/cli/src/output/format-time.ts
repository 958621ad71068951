const UNITS: [string, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/**
 * How long ago `time` was, e.g. `3 minutes ago` (`in 1 hour` ahead, `now` within a second);
 * empty for no time. English by hand: `Intl.RelativeTimeFormat` costs a table command more
 * to set up than the rest of its start.
 */
export function formatAge(time: string | null | undefined, now = Date.now()): string {
  if (!time) return '';
  const seconds = Math.round((Date.parse(time) - now) / 1000);
  if (seconds === 0) return 'now';
  for (const [unit, size] of UNITS) {
    const count = Math.trunc(Math.abs(seconds) / size);
    if (count >= 1 || unit === 'second') {
      const amount = `${count} ${unit}${count === 1 ? '' : 's'}`;
      return seconds < 0 ? `${amount} ago` : `in ${amount}`;
    }
  }
  return '';
}

/** A duration in seconds as `1h 2m`, `3m 4s` or `5s`; empty for none. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return '';
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${rest}s`;
  return `${rest}s`;
}

/**
 * A timestamp in local time with its zone, as `2026-12-02 15:04:05 UTC+01:00` (`UTC` when the
 * zone is UTC); the zone is the process's (`TZ`). Empty for no time.
 */
export function formatTimestamp(time: string | null | undefined): string {
  if (!time) return '';
  const date = new Date(time);
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day} ${clock} ${zoneOf(date)}`;
}

/** The time a run is due, as `due 2026-12-02 15:04:05 UTC (in 5 minutes)`; empty for none. */
export function formatDue(time: string | null | undefined, now = Date.now()): string {
  if (!time) return '';
  return `due ${formatTimestamp(time)} (${formatAge(time, now)})`;
}

/** How long from `start` to `end`, as {@link formatDuration} writes it; empty unless both are known. */
export function formatElapsed(start: string | null | undefined, end: string | null | undefined): string {
  if (!start || !end) return '';
  return formatDuration(Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000));
}

/** The zone of `date` in local time as an offset from UTC: `UTC`, `UTC+01:00`, `UTC-05:30`. */
function zoneOf(date: Date): string {
  const offset = -date.getTimezoneOffset();
  if (offset === 0) return 'UTC';
  const sign = offset > 0 ? '+' : '-';
  return `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

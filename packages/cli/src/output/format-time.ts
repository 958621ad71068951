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

/** A timestamp as `2019-10-01 12:00:00` (UTC); empty for none. */
export function formatTimestamp(time: string | null | undefined): string {
  if (!time) return '';
  return new Date(time)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
}

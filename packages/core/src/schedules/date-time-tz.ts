import { HeadwaterError } from '../errors/headwater-error.js';

/** A schedule date on the wire: naive local ISO time plus IANA zone. */
export interface SerializedDateTimeTZ {
  /** Local wall time without offset, e.g. `2024-03-10T02:30:00`. */
  dt: string;
  /** IANA zone, e.g. `America/New_York`. */
  tz: string;
}

/** Wall-clock fields of an instant in a zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string) => {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'short',
      });
    } catch (cause) {
      throw new HeadwaterError({
        code: 'INVALID_TIMEZONE',
        message: `"${timeZone}" is not a time zone this runtime knows; use an IANA name such as "UTC" or "Europe/Berlin".`,
        cause,
      });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Throws unless `timeZone` is a known IANA zone. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The wall-clock fields of `date` in `timeZone`. */
export function wallTime(date: Date, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: date.getUTCMilliseconds(),
    weekday: weekdays[parts.weekday ?? ''] ?? 0,
  };
}

const wallAsUtc = (w: Omit<WallTime, 'weekday'>) =>
  Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
export function zoneOffset(instant: number, timeZone: string): number {
  return wallAsUtc(wallTime(new Date(instant), timeZone)) - instant;
}

/**
 * The instant a wall time in `timeZone` stands for. A time skipped by a DST jump moves
 * forward by the jump; an ambiguous (repeated) time resolves to its first occurrence.
 */
export function fromWallTime(wall: Omit<WallTime, 'weekday'>, timeZone: string): Date {
  const naive = wallAsUtc(wall);
  const first = naive - zoneOffset(naive - 86_400_000, timeZone);
  const second = naive - zoneOffset(naive + 86_400_000, timeZone);
  // The earlier candidate whose wall time matches wins (first occurrence of a repeated hour).
  for (const candidate of [Math.min(first, second), Math.max(first, second)]) {
    if (wallAsUtc(wallTime(new Date(candidate), timeZone)) === naive) return new Date(candidate);
  }
  // In a DST gap: keep the offset from before the jump, which lands after it.
  return new Date(naive - zoneOffset(naive - 86_400_000, timeZone));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `date` as the wire's `{ dt, tz }`. */
export function toDateTimeTZ(date: Date, timeZone: string): SerializedDateTimeTZ {
  const w = wallTime(date, timeZone);
  const fraction = w.millisecond === 0 ? '' : `.${pad(w.millisecond, 3)}000`;
  return {
    dt: `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${fraction}`,
    tz: timeZone,
  };
}

const naivePattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/** Parses a naive ISO local time (`2024-03-10T02:30:00[.ffffff]`); `undefined` when malformed. */
export function parseNaive(dt: string): Omit<WallTime, 'weekday'> | undefined {
  const m = naivePattern.exec(dt);
  if (m === null) return undefined;
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    millisecond: Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)),
  };
}

/** The instant a wire `{ dt, tz }` stands for. */
export function fromDateTimeTZ({ dt, tz }: SerializedDateTimeTZ): Date {
  const wall = parseNaive(dt);
  if (wall === undefined) {
    throw new HeadwaterError({
      code: 'INVALID_DATETIME',
      message: `"${dt}" is not a naive ISO-8601 local time (expected e.g. 2024-03-10T02:30:00).`,
    });
  }
  return fromWallTime(wall, tz);
}

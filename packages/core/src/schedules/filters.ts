import type { JsonValue } from '../contracts/json.js';
import { HeadwaterError } from '../errors/headwater-error.js';
import { wallTime } from './date-time-tz.js';

/**
 * Keeps or drops a scheduled date. Only the built-ins below exist, so a serialized schedule
 * always means the same thing on every machine.
 *
 * @example
 * ```ts
 * new Schedule({ clocks: [new CronClock('0 * * * *')], filters: [filters.isWeekday, filters.betweenTimes('09:00', '17:00')] });
 * ```
 */
export interface ScheduleFilter {
  /** Qualified name, e.g. `headwater.filters.isWeekday`. */
  readonly fn: string;
  readonly kwargs: Record<string, JsonValue>;
  /** `timeZone` is the zone of the clock that produced `date`. */
  test(date: Date, timeZone: string): boolean;
}

const define = (
  name: string,
  test: ScheduleFilter['test'],
  kwargs: Record<string, JsonValue> = {},
): ScheduleFilter => ({
  fn: `headwater.filters.${name}`,
  kwargs,
  test,
});

/** Monday to Friday. */
export const isWeekday: ScheduleFilter = define('isWeekday', (d, tz) => {
  const day = wallTime(d, tz).weekday;
  return day >= 1 && day <= 5;
});

/** Saturday and Sunday. */
export const isWeekend: ScheduleFilter = define('isWeekend', (d, tz) => {
  const day = wallTime(d, tz).weekday;
  return day === 0 || day === 6;
});

/** The last day of the month. */
export const isMonthEnd: ScheduleFilter = define('isMonthEnd', (d, tz) => {
  const w = wallTime(d, tz);
  return w.day === new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
});

const timePattern = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

const secondsOfDay = (time: string) => {
  const m = timePattern.exec(time);
  if (m === null) {
    throw new HeadwaterError({
      code: 'INVALID_SCHEDULE',
      message: `"${time}" is not a time of day; write it as HH:MM or HH:MM:SS.`,
    });
  }
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
};

const inRange = (value: number, start: number, end: number) =>
  start <= end ? value >= start && value <= end : value >= start || value <= end;

const canonicalTime = (time: string) => {
  const s = secondsOfDay(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
};

/** Times of day between `start` and `end` (inclusive, wrapping past midnight when start > end), as `HH:MM[:SS]`. */
export const betweenTimes = (start: string, end: string): ScheduleFilter => {
  const from = secondsOfDay(start);
  const to = secondsOfDay(end);
  return define(
    'betweenTimes',
    (d, tz) => {
      const w = wallTime(d, tz);
      return inRange(w.hour * 3600 + w.minute * 60 + w.second, from, to);
    },
    { start: `//time:${canonicalTime(start)}`, end: `//time:${canonicalTime(end)}` },
  );
};

/** Calendar days between (startMonth, startDay) and (endMonth, endDay), inclusive, any year. */
export const betweenDates = (
  startMonth: number,
  startDay: number,
  endMonth: number,
  endDay: number,
): ScheduleFilter =>
  define(
    'betweenDates',
    (d, tz) => {
      const w = wallTime(d, tz);
      return inRange(w.month * 100 + w.day, startMonth * 100 + startDay, endMonth * 100 + endDay);
    },
    { start_month: startMonth, start_day: startDay, end_month: endMonth, end_day: endDay },
  );

/** Instants between `start` and `end`, inclusive. */
export const betweenDatetimes = (start: Date, end: Date): ScheduleFilter =>
  define('betweenDatetimes', (d) => d.getTime() >= start.getTime() && d.getTime() <= end.getTime(), {
    start: `//datetime:${start.toISOString()}`,
    end: `//datetime:${end.toISOString()}`,
  });

const pythonNames: Record<string, string> = {
  is_weekday: 'isWeekday',
  is_weekend: 'isWeekend',
  is_month_end: 'isMonthEnd',
  between_times: 'betweenTimes',
  between_dates: 'betweenDates',
  between_datetimes: 'betweenDatetimes',
};

const str = (v: JsonValue | undefined, prefix: string) =>
  typeof v === 'string' && v.startsWith(prefix) ? v.slice(prefix.length) : undefined;

const byName: Record<string, (kw: Record<string, JsonValue>) => ScheduleFilter | undefined> = {
  isWeekday: () => isWeekday,
  isWeekend: () => isWeekend,
  isMonthEnd: () => isMonthEnd,
  betweenTimes: (kw) => {
    const start = str(kw.start, '//time:');
    const end = str(kw.end, '//time:');
    return start === undefined || end === undefined ? undefined : betweenTimes(start, end);
  },
  betweenDates: (kw) =>
    [kw.start_month, kw.start_day, kw.end_month, kw.end_day].every((v) => typeof v === 'number')
      ? betweenDates(
          kw.start_month as number,
          kw.start_day as number,
          kw.end_month as number,
          kw.end_day as number,
        )
      : undefined,
  betweenDatetimes: (kw) => {
    const start = str(kw.start, '//datetime:');
    const end = str(kw.end, '//datetime:');
    return start === undefined || end === undefined
      ? undefined
      : betweenDatetimes(new Date(start), new Date(end));
  },
};

/** The built-in filter a reference names (also `prefect.schedules.filters.*`), else `undefined`. */
export function filterFromReference(
  fn: string,
  kwargs: Record<string, JsonValue>,
): ScheduleFilter | undefined {
  const short = fn.startsWith('headwater.filters.')
    ? fn.slice('headwater.filters.'.length)
    : fn.startsWith('prefect.schedules.filters.')
      ? pythonNames[fn.slice('prefect.schedules.filters.'.length)]
      : undefined;
  const make = short === undefined ? undefined : byName[short];
  return make?.(kwargs);
}

/** The names {@link filterFromReference} accepts. */
export const FILTER_NAMES: readonly string[] = Object.keys(byName).map((n) => `headwater.filters.${n}`);

import type { JsonValue } from '../contracts/json.js';
import { fromWallTime, wallTime } from './date-time-tz.js';

/**
 * Moves a scheduled date that passed the filters. Only the built-ins below exist.
 *
 * @example
 * ```ts
 * new Schedule({ clocks: [new CronClock('0 9 * * *')], adjustments: [adjustments.nextWeekday] });
 * ```
 */
export interface ScheduleAdjustment {
  /** Qualified name, e.g. `headwater.adjustments.nextWeekday`. */
  readonly fn: string;
  readonly kwargs: Record<string, JsonValue>;
  apply(date: Date, timeZone: string): Date;
}

/** Adds a fixed number of milliseconds (serialized in whole seconds). */
export const add = (milliseconds: number): ScheduleAdjustment => ({
  fn: 'headwater.adjustments.add',
  kwargs: { interval: `//timedelta:${Math.round(milliseconds / 1000)}` },
  apply: (date) => new Date(date.getTime() + Math.round(milliseconds / 1000) * 1000),
});

/** Moves a Saturday or Sunday date to the following Monday, same wall time. */
export const nextWeekday: ScheduleAdjustment = {
  fn: 'headwater.adjustments.nextWeekday',
  kwargs: {},
  apply: (date, timeZone) => {
    const w = wallTime(date, timeZone);
    const shift = w.weekday === 6 ? 2 : w.weekday === 0 ? 1 : 0;
    if (shift === 0) return date;
    const moved = new Date(Date.UTC(w.year, w.month - 1, w.day + shift));
    return fromWallTime(
      { ...w, year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() },
      timeZone,
    );
  },
};

/** The built-in adjustment a reference names (also `prefect.schedules.adjustments.*`), else `undefined`. */
export function adjustmentFromReference(
  fn: string,
  kwargs: Record<string, JsonValue>,
): ScheduleAdjustment | undefined {
  const short = fn.replace(/^headwater\.adjustments\./, '').replace(/^prefect\.schedules\.adjustments\./, '');
  if (short === fn) return undefined;
  if (short === 'nextWeekday' || short === 'next_weekday') return nextWeekday;
  if (short === 'add' && typeof kwargs.interval === 'string' && kwargs.interval.startsWith('//timedelta:')) {
    const seconds = Number(kwargs.interval.slice('//timedelta:'.length));
    return Number.isFinite(seconds) ? add(seconds * 1000) : undefined;
  }
  return undefined;
}

import { Cron } from 'croner';
import { HeadwaterError } from '../errors/headwater-error.js';
import { VERSION } from '../version.js';
import {
  assertTimeZone,
  fromWallTime,
  type SerializedDateTimeTZ,
  toDateTimeTZ,
  wallTime,
} from './date-time-tz.js';

/** Options every clock takes. */
export interface ClockOptions {
  /** No event before this instant. For an IntervalClock also the anchor of the intervals. */
  startDate?: Date | null;
  /** No event after this instant. */
  endDate?: Date | null;
  /**
   * IANA zone the clock runs in: cron fields, daily intervals and filters read wall time here.
   * @default "UTC"
   */
  timezone?: string;
}

/** A clock on the wire. */
export type SerializedClock =
  | {
      type: 'IntervalClock';
      interval: number;
      start_date: SerializedDateTimeTZ | null;
      end_date: SerializedDateTimeTZ | null;
      /** The clock's zone, when neither date carries it. */
      timezone?: string;
      __version__: string;
    }
  | {
      type: 'CronClock';
      cron: string;
      start_date: SerializedDateTimeTZ | null;
      end_date: SerializedDateTimeTZ | null;
      /** The clock's zone, when neither date carries it. */
      timezone?: string;
      __version__: string;
    }
  | {
      type: 'DatesClock';
      dates: SerializedDateTimeTZ[];
      start_date: SerializedDateTimeTZ | null;
      end_date: SerializedDateTimeTZ | null;
      /** The clock's zone, when neither date carries it. */
      timezone?: string;
      __version__: string;
    };

const invalid = (message: string, cause?: unknown) =>
  new HeadwaterError({ code: 'INVALID_SCHEDULE', message, cause });

/** A source of scheduled dates. */
export abstract class Clock {
  readonly startDate: Date | null;
  readonly endDate: Date | null;
  readonly timezone: string;

  constructor(options: ClockOptions = {}) {
    this.startDate = options.startDate ?? null;
    this.endDate = options.endDate ?? null;
    this.timezone = options.timezone ?? 'UTC';
    assertTimeZone(this.timezone);
  }

  /** Dates strictly after `after`, ascending, within the start and end dates. */
  abstract events(after: Date): Generator<Date>;

  abstract serialize(): SerializedClock;

  /**
   * `start_date`/`end_date` as `{dt, tz}`. The zone travels inside those dates, as in the
   * original format; a clock with neither date but a zone other than UTC also carries
   * `timezone`, or a cron clock "at 9:00 in New York" would run at 9:00 UTC on the server.
   */
  protected dateFields(): {
    start_date: SerializedDateTimeTZ | null;
    end_date: SerializedDateTimeTZ | null;
    timezone?: string;
  } {
    const fields = {
      start_date: this.startDate === null ? null : toDateTimeTZ(this.startDate, this.timezone),
      end_date: this.endDate === null ? null : toDateTimeTZ(this.endDate, this.timezone),
    };
    return fields.start_date === null && fields.end_date === null && this.timezone !== 'UTC'
      ? { ...fields, timezone: this.timezone }
      : fields;
  }

  protected beyondEnd(date: Date): boolean {
    return this.endDate !== null && date.getTime() > this.endDate.getTime();
  }
}

const DAY = 86_400_000;
/** Intervals are anchored here when a clock has no start date. */
const DEFAULT_ANCHOR = Date.UTC(2019, 0, 1);

/**
 * Fires every `interval` milliseconds (at least 60 s) from its start date. Whole-day
 * intervals keep the wall time in the clock's zone across DST changes; shorter ones are
 * exact elapsed time.
 *
 * @example
 * ```ts
 * new IntervalClock(3_600_000); // hourly
 * new IntervalClock(86_400_000, { startDate: new Date('2024-03-01T14:00:00Z'), timezone: 'America/New_York' }); // 9:00 local every day
 * ```
 */
export class IntervalClock extends Clock {
  /** Milliseconds between events (serialized in whole microseconds). */
  readonly interval: number;

  constructor(interval: number, options: ClockOptions = {}) {
    super(options);
    if (!Number.isFinite(interval) || interval < 60_000) {
      throw invalid(
        `An IntervalClock fires at most once a minute; got an interval of ${interval} ms (need ≥ 60000).`,
      );
    }
    this.interval = interval;
  }

  *events(after: Date): Generator<Date> {
    const anchor = this.startDate?.getTime() ?? DEFAULT_ANCHOR;
    const floor = Math.max(after.getTime() + 1, anchor);
    if (this.interval % DAY === 0) {
      const days = this.interval / DAY;
      const wall = wallTime(new Date(anchor), this.timezone);
      let k = Math.max(0, Math.floor((floor - anchor) / this.interval) - 1);
      for (;;) {
        const day = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + k * days));
        const event = fromWallTime(
          { ...wall, year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() },
          this.timezone,
        );
        k += 1;
        if (event.getTime() < floor) continue;
        if (this.beyondEnd(event)) return;
        yield event;
      }
    }
    let k = Math.ceil((floor - anchor) / this.interval);
    for (;;) {
      const event = new Date(anchor + k * this.interval);
      if (this.beyondEnd(event)) return;
      yield event;
      k += 1;
    }
  }

  serialize(): SerializedClock {
    return {
      type: 'IntervalClock',
      interval: Math.round(this.interval * 1000),
      ...this.dateFields(),
      __version__: VERSION,
    };
  }
}

/**
 * Fires on a 5-field cron expression matched against wall time in the clock's zone.
 * DST-correct: a wall time that spring-forward skips fires once, right after the jump
 * (02:30 → 03:30); a wall time that fall-back repeats fires once, at its first occurrence.
 *
 * @example
 * ```ts
 * new CronClock('30 2 * * *', { timezone: 'America/New_York' }); // 02:30 New York time
 * ```
 */
export class CronClock extends Clock {
  readonly cron: string;
  readonly #pattern: Cron;

  constructor(cron: string, options: ClockOptions = {}) {
    super(options);
    try {
      // Matched against wall time encoded as UTC: much faster than croner's own zone handling.
      this.#pattern = new Cron(cron, { utcOffset: 0, paused: true, mode: '5-part' });
    } catch (cause) {
      throw invalid(
        `"${cron}" is not a valid cron expression (${(cause as Error).message}); use 5 fields: minute hour day-of-month month day-of-week.`,
        cause,
      );
    }
    this.cron = cron;
  }

  *events(after: Date): Generator<Date> {
    let last = Math.max(
      after.getTime(),
      this.startDate === null ? Number.NEGATIVE_INFINITY : this.startDate.getTime() - 1,
    );
    const start = wallTime(new Date(last), this.timezone);
    let cursor: Date | null = new Date(
      Date.UTC(
        start.year,
        start.month - 1,
        start.day,
        start.hour,
        start.minute,
        start.second,
        start.millisecond,
      ),
    );
    for (;;) {
      cursor = this.#pattern.nextRun(cursor);
      if (cursor === null) return;
      const event = fromWallTime(
        {
          year: cursor.getUTCFullYear(),
          month: cursor.getUTCMonth() + 1,
          day: cursor.getUTCDate(),
          hour: cursor.getUTCHours(),
          minute: cursor.getUTCMinutes(),
          second: cursor.getUTCSeconds(),
          millisecond: 0,
        },
        this.timezone,
      );
      // A wall time in a DST gap lands on the same instant as the first time after it.
      if (event.getTime() <= last) continue;
      if (this.beyondEnd(event)) return;
      yield event;
      last = event.getTime();
    }
  }

  serialize(): SerializedClock {
    return { type: 'CronClock', cron: this.cron, ...this.dateFields(), __version__: VERSION };
  }
}

/**
 * Fires at fixed dates.
 *
 * @example
 * ```ts
 * new DatesClock([new Date('2024-12-24T18:00:00Z'), new Date('2024-12-31T23:00:00Z')]);
 * ```
 */
export class DatesClock extends Clock {
  readonly dates: readonly Date[];

  constructor(dates: readonly Date[], options: ClockOptions = {}) {
    super(options);
    this.dates = [...dates].sort((a, b) => a.getTime() - b.getTime());
  }

  *events(after: Date): Generator<Date> {
    for (const date of this.dates) {
      if (date.getTime() <= after.getTime()) continue;
      if (this.startDate !== null && date.getTime() < this.startDate.getTime()) continue;
      if (this.beyondEnd(date)) return;
      yield date;
    }
  }

  serialize(): SerializedClock {
    return {
      type: 'DatesClock',
      dates: this.dates.map((d) => toDateTimeTZ(d, this.timezone)),
      ...this.dateFields(),
      __version__: VERSION,
    };
  }
}

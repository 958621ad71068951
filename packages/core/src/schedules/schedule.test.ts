import { describe, expect, it } from 'vitest';
import { deserializeSchedule } from '../serialization/deserialize-schedule.js';
import { add, nextWeekday } from './adjustments.js';
import { CronClock, DatesClock, IntervalClock } from './clocks.js';
import { fromDateTimeTZ, toDateTimeTZ } from './date-time-tz.js';
import { betweenDates, betweenDatetimes, betweenTimes, isMonthEnd, isWeekday, isWeekend } from './filters.js';
import { Schedule } from './schedule.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const NY = 'America/New_York';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('IntervalClock', () => {
  it('fires at least a minute apart', () => {
    expect(() => new IntervalClock(59_999)).toThrow(/at most once a minute/);
  });

  it('counts from its start date, strictly after `after`', () => {
    const schedule = new Schedule({
      clocks: [new IntervalClock(HOUR, { startDate: new Date('2024-01-01T00:15:00Z') })],
    });
    expect(iso(schedule.next(3, new Date('2024-01-01T02:15:00Z')))).toEqual([
      '2024-01-01T03:15:00.000Z',
      '2024-01-01T04:15:00.000Z',
      '2024-01-01T05:15:00.000Z',
    ]);
    expect(iso(schedule.next(1, new Date('2023-06-01T00:00:00Z')))).toEqual(['2024-01-01T00:15:00.000Z']);
  });

  it('keeps the local wall time for whole-day intervals across spring-forward and fall-back', () => {
    const daily = new Schedule({
      clocks: [new IntervalClock(DAY, { startDate: new Date('2024-03-01T14:00:00Z'), timezone: NY })],
    });
    expect(iso(daily.next(3, new Date('2024-03-08T15:00:00Z')))).toEqual([
      '2024-03-09T14:00:00.000Z', // 09:00 EST
      '2024-03-10T13:00:00.000Z', // 09:00 EDT
      '2024-03-11T13:00:00.000Z',
    ]);
    expect(iso(daily.next(3, new Date('2024-11-01T15:00:00Z')))).toEqual([
      '2024-11-02T13:00:00.000Z', // 09:00 EDT
      '2024-11-03T14:00:00.000Z', // 09:00 EST
      '2024-11-04T14:00:00.000Z',
    ]);
  });

  it('keeps exact elapsed time for sub-day intervals across DST', () => {
    const hourly = new Schedule({
      clocks: [new IntervalClock(HOUR, { startDate: new Date('2024-11-03T04:00:00Z'), timezone: NY })],
    });
    expect(iso(hourly.next(3, new Date('2024-11-03T04:30:00Z')))).toEqual([
      '2024-11-03T05:00:00.000Z', // 01:00 EDT
      '2024-11-03T06:00:00.000Z', // 01:00 EST
      '2024-11-03T07:00:00.000Z',
    ]);
  });

  it('stops at its end date', () => {
    const clock = new IntervalClock(HOUR, {
      startDate: new Date('2024-01-01T00:00:00Z'),
      endDate: new Date('2024-01-01T02:00:00Z'),
    });
    expect(iso(new Schedule({ clocks: [clock] }).next(5, new Date('2023-12-31T23:00:00Z')))).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T01:00:00.000Z',
      '2024-01-01T02:00:00.000Z',
    ]);
  });
});

describe('CronClock', () => {
  it('rejects invalid expressions', () => {
    expect(() => new CronClock('every day')).toThrow(/not a valid cron expression/);
    expect(() => new CronClock('* * * * *', { timezone: 'Mars/Olympus' })).toThrow(/not a time zone/);
  });

  it('matches wall time in its zone across spring-forward', () => {
    const nine = new Schedule({ clocks: [new CronClock('0 9 * * *', { timezone: NY })] });
    expect(iso(nine.next(3, new Date('2024-03-08T15:00:00Z')))).toEqual([
      '2024-03-09T14:00:00.000Z',
      '2024-03-10T13:00:00.000Z',
      '2024-03-11T13:00:00.000Z',
    ]);
    const skipped = new Schedule({ clocks: [new CronClock('30 2 * * *', { timezone: NY })] });
    expect(iso(skipped.next(3, new Date('2024-03-08T12:00:00Z')))).toEqual([
      '2024-03-09T07:30:00.000Z', // 02:30 EST
      '2024-03-10T07:30:00.000Z', // 02:30 does not exist: 03:30 EDT, once
      '2024-03-11T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('fires a repeated wall time once at fall-back', () => {
    const early = new Schedule({ clocks: [new CronClock('30 1 * * *', { timezone: NY })] });
    expect(iso(early.next(3, new Date('2024-11-01T12:00:00Z')))).toEqual([
      '2024-11-02T05:30:00.000Z',
      '2024-11-03T05:30:00.000Z', // first 01:30 (EDT) only
      '2024-11-04T06:30:00.000Z',
    ]);
  });

  it('respects start and end dates', () => {
    const clock = new CronClock('0 0 * * *', {
      startDate: new Date('2024-01-10T00:00:00Z'),
      endDate: new Date('2024-01-11T00:00:00Z'),
    });
    expect(iso(new Schedule({ clocks: [clock] }).next(5, new Date('2024-01-01T00:00:00Z')))).toEqual([
      '2024-01-10T00:00:00.000Z',
      '2024-01-11T00:00:00.000Z',
    ]);
  });
});

describe('Schedule', () => {
  it('merges clocks in order without duplicates, with DatesClock dates', () => {
    const schedule = new Schedule({
      clocks: [
        new DatesClock([new Date('2024-01-01T06:00:00Z'), new Date('2024-01-01T03:00:00Z')]),
        new CronClock('0 */3 * * *'),
      ],
    });
    expect(iso(schedule.next(4, new Date('2024-01-01T00:00:00Z')))).toEqual([
      '2024-01-01T03:00:00.000Z',
      '2024-01-01T06:00:00.000Z',
      '2024-01-01T09:00:00.000Z',
      '2024-01-01T12:00:00.000Z',
    ]);
  });

  it('applies filters in the clock zone, then adjustments', () => {
    // 2024-06-07 is a Friday.
    const daily = (filters: Partial<ConstructorParameters<typeof Schedule>[0]>) =>
      new Schedule({ clocks: [new CronClock('0 22 * * *', { timezone: NY })], ...filters });
    const after = new Date('2024-06-07T12:00:00Z'); // Fri 08:00 in New York
    expect(iso(daily({ filters: [isWeekday] }).next(2, after))).toEqual([
      '2024-06-08T02:00:00.000Z', // Fri 22:00 New York (Sat in UTC)
      '2024-06-11T02:00:00.000Z', // Mon 22:00
    ]);
    expect(iso(daily({ filters: [isWeekend] }).next(1, after))).toEqual(['2024-06-09T02:00:00.000Z']);
    expect(iso(daily({ notFilters: [isWeekday] }).next(1, after))).toEqual(['2024-06-09T02:00:00.000Z']);
    expect(iso(daily({ orFilters: [isMonthEnd, betweenDates(6, 9, 6, 9)] }).next(2, after))).toEqual([
      '2024-06-10T02:00:00.000Z',
      '2024-07-01T02:00:00.000Z',
    ]);
    expect(iso(daily({ filters: [isWeekend], adjustments: [nextWeekday] }).next(1, after))).toEqual([
      '2024-06-11T02:00:00.000Z',
    ]);
    expect(iso(daily({ adjustments: [add(15 * 60_000)] }).next(1, after))).toEqual([
      '2024-06-08T02:15:00.000Z',
    ]);
    const hourly = new Schedule({
      clocks: [new CronClock('0 * * * *', { timezone: NY })],
      filters: [betweenTimes('9:00', '10:00')],
    });
    expect(iso(hourly.next(3, after))).toEqual([
      '2024-06-07T13:00:00.000Z',
      '2024-06-07T14:00:00.000Z',
      '2024-06-08T13:00:00.000Z',
    ]);
    const window = betweenDatetimes(new Date('2024-06-07T13:30:00Z'), new Date('2024-06-07T15:00:00Z'));
    expect(
      iso(new Schedule({ clocks: [new CronClock('0 * * * *')], filters: [window] }).next(5, after)),
    ).toEqual(['2024-06-07T14:00:00.000Z', '2024-06-07T15:00:00.000Z']);
  });

  it('serializes intervals in microseconds and dates as {dt, tz}, and loads back', () => {
    const schedule = new Schedule({
      clocks: [
        new IntervalClock(90_000, {
          startDate: new Date('2024-07-01T12:00:00.250Z'),
          timezone: 'Europe/Berlin',
        }),
        new DatesClock([new Date('2024-11-03T05:30:00Z')], { timezone: NY }),
      ],
      filters: [betweenTimes('09:00', '17:30')],
      adjustments: [add(60_000)],
    });
    const wire = schedule.serialize();
    expect(wire.clocks[0]).toMatchObject({
      interval: 90_000_000,
      start_date: { dt: '2024-07-01T14:00:00.250000', tz: 'Europe/Berlin' },
    });
    expect(wire.clocks[1]).toMatchObject({ dates: [{ dt: '2024-11-03T01:30:00', tz: NY }] });
    expect(wire.filters).toEqual([
      { fn: 'headwater.filters.betweenTimes', kwargs: { start: '//time:09:00:00', end: '//time:17:30:00' } },
    ]);
    expect(wire.adjustments).toEqual([
      { fn: 'headwater.adjustments.add', kwargs: { interval: '//timedelta:60' } },
    ]);
    const loaded = deserializeSchedule(JSON.parse(JSON.stringify(wire)));
    expect(loaded.serialize()).toEqual(wire);
    const after = new Date('2024-07-01T12:00:00Z');
    expect(loaded.next(3, after)).toEqual(schedule.next(3, after));
  });
});

describe('{dt, tz}', () => {
  it('resolves DST gaps forward and repeated times to their first occurrence', () => {
    expect(fromDateTimeTZ({ dt: '2024-03-10T02:30:00', tz: NY }).toISOString()).toBe(
      '2024-03-10T07:30:00.000Z',
    );
    expect(fromDateTimeTZ({ dt: '2024-11-03T01:30:00', tz: NY }).toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    );
    expect(toDateTimeTZ(new Date('2024-11-03T06:30:00Z'), NY)).toEqual({ dt: '2024-11-03T01:30:00', tz: NY });
    expect(fromDateTimeTZ({ dt: '2024-01-15T10:00:00.123456', tz: 'Asia/Kolkata' }).toISOString()).toBe(
      '2024-01-15T04:30:00.123Z',
    );
    expect(() => fromDateTimeTZ({ dt: 'tomorrow', tz: 'UTC' })).toThrow(/naive ISO-8601/);
  });
});

describe('clock time zones on the wire', () => {
  it('keeps the zone of a cron clock without dates, so the server schedules 9:00 New York time', () => {
    const schedule = new Schedule({
      clocks: [new CronClock('0 9 * * 1-5', { timezone: 'America/New_York' })],
    });
    const wire = schedule.serialize();
    expect(wire.clocks[0]).toMatchObject({ start_date: null, end_date: null, timezone: 'America/New_York' });
    const loaded = deserializeSchedule(JSON.parse(JSON.stringify(wire)));
    const [next] = loaded!.next(1, new Date('2026-11-27T00:00:00Z'));
    expect(next?.toISOString()).toBe('2026-11-27T14:00:00.000Z');
    expect(loaded!.serialize()).toEqual(wire);
  });

  it('adds no timezone key where the dates carry the zone, or the zone is UTC', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    expect(
      new CronClock('0 9 * * *', { timezone: 'Europe/Berlin', startDate: start }).serialize(),
    ).not.toHaveProperty('timezone');
    expect(new CronClock('0 9 * * *').serialize()).not.toHaveProperty('timezone');
  });
});

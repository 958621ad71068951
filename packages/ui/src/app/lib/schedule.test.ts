import { describe, expect, it } from 'vitest';
import { describeSchedule } from './schedule.js';

describe('describeSchedule', () => {
  it('describes each clock of a serialized schedule', () => {
    expect(
      describeSchedule({
        type: 'Schedule',
        clocks: [
          { type: 'IntervalClock', interval: 3_600_000_000 },
          { type: 'CronClock', cron: '0 6 * * 1-5' },
          { type: 'CronClock', cron: '30 9 * * *', timezone: 'Europe/Berlin' },
          { type: 'DatesClock', dates: [{}, {}] },
        ],
      }),
    ).toEqual([
      'Every 1 h 00 min',
      'Cron 0 6 * * 1-5',
      'Cron 30 9 * * * (Europe/Berlin)',
      'On 2 fixed date(s)',
    ]);
  });

  it('returns null when there is no schedule', () => {
    expect(describeSchedule(null)).toBeNull();
  });
});

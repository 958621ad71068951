import { describe, expect, it } from 'vitest';
import { describeCron, describeSchedule } from './schedule.js';

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
      'At 06:00, Monday through Friday (UTC)',
      'At 09:30 (Europe/Berlin)',
      'On 2 fixed date(s)',
    ]);
  });

  it('describes cron in words, keeping an expression it cannot read as written', () => {
    expect(describeCron('0 9 * * 1-5')).toBe('At 09:00, Monday through Friday');
    expect(describeCron('*/15 * * * *')).toBe('Every 15 minutes');
    expect(describeCron('not a cron')).toBe('Cron not a cron');
  });

  it('returns null when there is no schedule', () => {
    expect(describeSchedule(null)).toBeNull();
  });
});

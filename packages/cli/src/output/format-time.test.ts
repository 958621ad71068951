import { afterEach, describe, expect, it } from 'vitest';
import { formatAge, formatDue, formatDuration, formatElapsed, formatTimestamp } from './format-time.js';

describe('time formatting', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('says how long ago something happened', () => {
    expect(formatAge('2024-05-01T11:57:00Z', now)).toBe('3 minutes ago');
    expect(formatAge('2024-05-01T11:59:58Z', now)).toBe('2 seconds ago');
    expect(formatAge('2024-04-29T12:00:00Z', now)).toBe('2 days ago');
    expect(formatAge('2024-05-01T13:00:00Z', now)).toBe('in 1 hour');
    expect(formatAge('2024-04-30T11:00:00Z', now)).toBe('1 day ago');
    expect(formatAge('2024-05-01T12:00:00.200Z', now)).toBe('now');
    expect(formatAge(null, now)).toBe('');
  });

  it('formats durations and timestamps', () => {
    expect(formatDuration(4.4)).toBe('4s');
    expect(formatDuration(125)).toBe('2m 5s');
    expect(formatDuration(7260)).toBe('2h 1m');
    expect(formatDuration(null)).toBe('');
  });

  describe('in local time with the zone (TZ)', () => {
    const zone = process.env.TZ;
    afterEach(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    it.each([
      ['UTC', '2024-12-01 11:57:03 UTC'],
      ['Europe/Paris', '2024-12-01 12:57:03 UTC+01:00'],
      ['America/New_York', '2024-12-01 06:57:03 UTC-05:00'],
      ['Asia/Kolkata', '2024-12-01 17:27:03 UTC+05:30'],
    ])('writes a timestamp in %s', (tz, expected) => {
      process.env.TZ = tz;
      expect(formatTimestamp('2024-12-01T11:57:03.123Z')).toBe(expected);
      expect(formatTimestamp(null)).toBe('');
    });

    it('follows summer time of the zone', () => {
      process.env.TZ = 'Europe/Paris';
      expect(formatTimestamp('2024-07-01T11:57:03Z')).toBe('2024-07-01 13:57:03 UTC+02:00');
    });

    it('writes when a run is due, and how long something took', () => {
      process.env.TZ = 'UTC';
      expect(formatDue('2024-05-01T12:05:00Z', now)).toBe('due 2024-05-01 12:05:00 UTC (in 5 minutes)');
      expect(formatDue(null, now)).toBe('');
      expect(formatElapsed('2024-05-01T12:00:00Z', '2024-05-01T12:01:12.4Z')).toBe('1m 12s');
      expect(formatElapsed('2024-05-01T12:00:00Z', null)).toBe('');
    });
  });
});

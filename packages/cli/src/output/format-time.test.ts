import { describe, expect, it } from 'vitest';
import { formatAge, formatDuration, formatTimestamp } from './format-time.js';

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
    expect(formatTimestamp('2024-05-01T11:57:03.123Z')).toBe('2024-05-01 11:57:03');
  });
});

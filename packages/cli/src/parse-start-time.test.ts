import { describe, expect, it } from 'vitest';
import { parseDuration, parseStartTime } from './parse-start-time.js';
import { UsageError } from './usage-error.js';

const now = Date.parse('2030-01-01T00:00:00Z');

/** The usage error `run` throws; fails the test when it throws none. */
function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(UsageError.isInstance(error)).toBe(true);
    return error as UsageError;
  }
  throw new Error('expected a usage error');
}

describe('parseDuration', () => {
  it('reads seconds, minutes, hours, days and combinations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
  });

  it('is undefined for anything else', () => {
    for (const text of ['', '10', 'm', '10 minutes', '-5m', '1w', 'soon'])
      expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseStartTime', () => {
  it('is undefined without --at and --in', () => {
    expect(parseStartTime({}, now)).toBeUndefined();
  });

  it('adds --in to now', () => {
    expect(parseStartTime({ in: '10m' }, now)?.toISOString()).toBe('2030-01-01T00:10:00.000Z');
  });

  it('reads --at as ISO 8601, with a zone or in local time', () => {
    expect(parseStartTime({ at: '2030-05-01T09:00:00+02:00' }, now)?.toISOString()).toBe(
      '2030-05-01T07:00:00.000Z',
    );
    expect(parseStartTime({ at: '2030-05-01T09:00:00Z' }, now)?.toISOString()).toBe(
      '2030-05-01T09:00:00.000Z',
    );
    expect(parseStartTime({ at: '2030-05-01 09:00' }, now)?.getTime()).toBe(
      new Date(2030, 4, 1, 9, 0).getTime(),
    );
  });

  it('refuses both options, a malformed duration or time, and a time in the past, saying what to write', () => {
    expect(usageError(() => parseStartTime({ at: '2030-05-01T09:00Z', in: '1h' }, now)).message).toMatch(
      /--at <time> or --in <duration>, not both/,
    );
    expect(usageError(() => parseStartTime({ in: '10 minutes' }, now)).message).toMatch(
      /--in "10 minutes" is not a duration: .*e\.g\. --in 30s/,
    );
    expect(usageError(() => parseStartTime({ in: '0s' }, now)).message).toMatch(/is not a duration/);
    expect(usageError(() => parseStartTime({ at: 'tomorrow' }, now)).message).toMatch(
      /--at "tomorrow" is not a time: write it as ISO 8601/,
    );
    expect(usageError(() => parseStartTime({ at: '2030-13-45T09:00' }, now)).message).toMatch(
      /is not a time/,
    );
    expect(usageError(() => parseStartTime({ at: '2029-12-31T23:59:59Z' }, now)).message).toMatch(
      /--at "2029-12-31T23:59:59Z" is in the past \(it is 2030-01-01T00:00:00.000Z now\)/,
    );
  });
});

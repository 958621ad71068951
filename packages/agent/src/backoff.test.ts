import { describe, expect, it } from 'vitest';
import { Backoff, POLL_BACKOFF_MS } from './backoff.js';

describe('Backoff', () => {
  it('grows from 0.25 s to 10 s while idle and stays there', () => {
    const backoff = new Backoff();
    const delays = Array.from({ length: 9 }, () => backoff.next());
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
    expect(POLL_BACKOFF_MS.at(-1)).toBe(10_000);
  });

  it('starts over from the shortest delay after work was found', () => {
    const backoff = new Backoff();
    backoff.next();
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(250);
    expect(backoff.next()).toBe(500);
  });

  it('refuses an empty table', () => {
    expect(() => new Backoff([])).toThrow(RangeError);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { processLeftovers, takeProcessSnapshot } from './process-leftovers.js';

describe('processLeftovers', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('finds nothing when the process is as it was', async () => {
    const before = takeProcessSnapshot();
    const done = setTimeout(() => {}, 1);
    clearTimeout(done);
    expect(await processLeftovers(before)).toEqual([]);
  });

  it('names a timer, a global, an environment variable and a process listener a run left', async () => {
    const before = takeProcessSnapshot();
    const timer = setInterval(() => {}, 60_000);
    const key = 'headwaterLeftoverTest';
    (globalThis as Record<string, unknown>)[key] = 1;
    process.env.HEADWATER_LEFTOVER_TEST = '1';
    const listener = () => {};
    process.on('warning', listener);
    cleanups.push(() => {
      clearInterval(timer);
      delete (globalThis as Record<string, unknown>)[key];
      delete process.env.HEADWATER_LEFTOVER_TEST;
      process.off('warning', listener);
    });
    expect(await processLeftovers(before)).toEqual([
      '1 active Timeout',
      `new globals (${key})`,
      'changed environment variables',
      'process event listeners',
    ]);
  });

  it('does not count a timer that no longer keeps the process alive (unref)', async () => {
    const before = takeProcessSnapshot();
    const timer = setInterval(() => {}, 60_000).unref();
    cleanups.push(() => clearInterval(timer));
    expect(await processLeftovers(before)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { StandbyContainer } from './standby-container.js';
import { StandbyPool } from './standby-pool.js';

/** A standby whose container starts when `start()` is called; `discarded` says whether the pool removed it. */
function slowStandby(key: string) {
  let start!: () => void;
  const started = new Promise<void>((resolve) => {
    start = resolve;
  });
  const standby = {
    key,
    started,
    discarded: false,
    discard: async () => {
      standby.discarded = true;
    },
  };
  return { standby, start, pooled: standby as unknown as StandbyContainer };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('StandbyPool', () => {
  it('counts a standby idle from when its container started, not from when it was asked for', async () => {
    const pool = new StandbyPool({ size: 2, idleMs: 50 });
    const { standby, start, pooled } = slowStandby('image-a');
    pool.add(pooled);
    await sleep(120);
    // Still starting after more than the idle time: kept.
    expect(standby.discarded).toBe(false);
    expect(pool.has('image-a')).toBe(true);
    start();
    await sleep(120);
    expect(standby.discarded).toBe(true);
    expect(pool.has('image-a')).toBe(false);
  });

  it('keeps no timer for a standby taken before its container started', async () => {
    const pool = new StandbyPool({ size: 2, idleMs: 20 });
    const { standby, start, pooled } = slowStandby('image-b');
    pool.add(pooled);
    expect(pool.take('image-b')).toBe(pooled);
    start();
    await sleep(60);
    expect(standby.discarded).toBe(false);
  });
});

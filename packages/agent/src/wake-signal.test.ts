import { describe, expect, it } from 'vitest';
import { WakeSignal } from './wake-signal.js';

describe('WakeSignal', () => {
  it('remembers a notify that came while nobody waited', async () => {
    const signal = new WakeSignal();
    signal.notify();
    let woke = false;
    await signal.wait(undefined, 60_000).then(() => {
      woke = true;
    });
    expect(woke).toBe(true);
  });

  it('wakes a waiter on notify and on abort', async () => {
    const signal = new WakeSignal();
    const first = signal.wait(undefined, 60_000);
    signal.notify();
    await first;
    const controller = new AbortController();
    const second = signal.wait(controller.signal, 60_000);
    controller.abort();
    await second;
    // A notify consumed by a waiter is not remembered for the next wait.
    let settled = false;
    const third = signal.wait(undefined, 60_000).then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    signal.notify();
    await third;
    expect(settled).toBe(true);
  });
});

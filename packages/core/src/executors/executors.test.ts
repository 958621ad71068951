import { describe, expect, it } from 'vitest';
import type { Executor } from '../contracts/executor.js';
import { PluginResolutionError } from '../errors/plugin-resolution-error.js';
import { Flow } from '../flow/flow.js';
import { task } from '../tasks/function-task.js';
import { LocalConcurrentExecutor } from './local-concurrent-executor.js';
import { LocalExecutor } from './local-executor.js';
import { resolveExecutor } from './resolve-executor.js';

/** Runs six independent tasks that each yield a few times; returns the most in flight at once. */
async function peakConcurrency(executor: Executor | string, executorOptions?: Record<string, unknown>) {
  let inFlight = 0;
  let peak = 0;
  const work = task(
    async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return peak;
    },
    { name: 'work' },
  );
  const flow = new Flow('parallel');
  for (let i = 0; i < 6; i += 1) flow.add(work);
  const state = await flow.run({ executor, ...(executorOptions ? { executorOptions } : {}) });
  expect(state.isSuccessful()).toBe(true);
  return peak;
}

describe('executors', () => {
  it('LocalExecutor runs one task at a time', async () => {
    expect(await peakConcurrency(new LocalExecutor())).toBe(1);
  });

  it('LocalConcurrentExecutor overlaps up to maxConcurrency tasks', async () => {
    expect(await peakConcurrency(new LocalConcurrentExecutor({ maxConcurrency: 3 }))).toBe(3);
    expect(await peakConcurrency('LocalConcurrentExecutor', { maxConcurrency: 2 })).toBe(2);
  });

  it('keeps results in order and survives failing work', async () => {
    const executor = new LocalConcurrentExecutor({ maxConcurrency: 2 });
    expect(await executor.map([3, 1, 2], async (n) => n * 10)).toEqual([30, 10, 20]);
    await expect(executor.submit(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await executor.submit(async () => 'still works')).toBe('still works');
    const sequential = new LocalExecutor();
    await expect(sequential.submit(() => Promise.reject(new Error('y')))).rejects.toThrow('y');
    expect(await sequential.map([1, 2], async (n) => n + 1)).toEqual([2, 3]);
  });

  it('LocalExecutor starts queued work in the order submitted, after work that threw at once', async () => {
    const executor = new LocalExecutor();
    const order: string[] = [];
    const step = (name: string) => async () => {
      order.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`end ${name}`);
      return name;
    };
    const first = executor.submit(step('a'));
    const thrown = executor.submit((): Promise<string> => {
      throw new Error('thrown before a promise');
    });
    const last = executor.submit(step('b'));
    expect(await first).toBe('a');
    await expect(thrown).rejects.toThrow('thrown before a promise');
    expect(await last).toBe('b');
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(await executor.submit(async () => 'idle again')).toBe('idle again');
  });

  it('resolves built-in names, short and long', async () => {
    expect(await resolveExecutor('LocalExecutor')).toBeInstanceOf(LocalExecutor);
    expect(await resolveExecutor('@headwater/core:LocalExecutor')).toBeInstanceOf(LocalExecutor);
    const concurrent = await resolveExecutor('@headwater/core:LocalConcurrentExecutor', {
      maxConcurrency: 7,
    });
    expect((concurrent as LocalConcurrentExecutor).maxConcurrency).toBe(7);
  });

  it('explains unknown names with the list of known ones', async () => {
    const error = await resolveExecutor('DaskExecutor').catch((e: unknown) => e);
    expect(PluginResolutionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(
      'Known executor names: LocalExecutor, LocalConcurrentExecutor',
    );
    await expect(resolveExecutor('LocalConcurrentExecutor', { maxConcurrency: 0 })).rejects.toThrow(
      /maxConcurrency must be a whole number/,
    );
    await expect(resolveExecutor('not-installed-pkg:Exec')).rejects.toThrow(
      /not-installed-pkg is not installed/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { Flow } from '../flow/flow.js';
import {
  FailSignal,
  HeadwaterError,
  Looped,
  LoopSignal,
  RetrySignal,
  SkipSignal,
  type State,
  StateSignal,
  task,
} from '../index.js';
import { deserializeState } from '../serialization/deserialize-state.js';
import type { Task } from '../tasks/task.js';
import { FlowRunner } from './flow-runner.js';

/** Every state a task went through in a run, as `Type` or `Type(loopCount)`. */
function recorder() {
  const seen: string[] = [];
  const handler = (_task: Task<any, unknown>, _old: State, next: State) => {
    seen.push(next instanceof Looped ? `Looped(${next.loopCount})` : next.type);
    return undefined;
  };
  return { seen, stateHandlers: [handler] };
}

describe('signals', () => {
  it('are StateSignals and HeadwaterErrors with their own codes, also when checked by marker', () => {
    const signals = [new FailSignal(), new RetrySignal(), new SkipSignal(), new LoopSignal()];
    expect(signals.map((s) => s.code)).toEqual(['TASK_FAILED', 'TASK_RETRY', 'TASK_SKIPPED', 'TASK_LOOPED']);
    for (const signal of signals) {
      expect(StateSignal.isInstance(signal)).toBe(true);
      expect(HeadwaterError.isInstance(signal)).toBe(true);
    }
    expect(RetrySignal.isInstance(new FailSignal())).toBe(false);
    expect(StateSignal.isInstance(new Error('plain'))).toBe(false);
  });

  it('FAIL ends the run Failed with the signal’s own message, and retries apply', async () => {
    const { seen, stateHandlers } = recorder();
    let runs = 0;
    const flow = new Flow('fail');
    const check = flow.add(
      task(
        (): number => {
          runs += 1;
          throw new FailSignal('The export was empty.');
        },
        { name: 'check', maxRetries: 1, stateHandlers },
      ),
    );
    const state = await flow.run();
    expect(state.isFailed()).toBe(true);
    const final = state.result?.get(check);
    expect(final?.type).toBe('Failed');
    expect(final?.message).toBe('The export was empty.');
    expect(FailSignal.isInstance(final?.result)).toBe(true);
    expect(runs).toBe(2);
    expect(seen).toEqual(['Running', 'Failed', 'Retrying', 'Running', 'Failed']);
  });

  it('RETRY goes straight to Retrying while retries are left, then succeeds', async () => {
    const { seen, stateHandlers } = recorder();
    const flow = new Flow('retry');
    const poll = flow.add(
      task(
        (_: {}, { runCount }) => {
          if (runCount < 3) throw new RetrySignal('Not ready yet.');
          return `ready after ${runCount}`;
        },
        { name: 'poll', maxRetries: 2, stateHandlers },
      ),
    );
    const state = await flow.run();
    expect(state.result?.get(poll)?.result).toBe('ready after 3');
    expect(seen).toEqual(['Running', 'Retrying', 'Running', 'Retrying', 'Running', 'Success']);
    expect(state.isSuccessful()).toBe(true);
  });

  it('RETRY beyond maxRetries ends Failed, saying the retries are used up', async () => {
    let runs = 0;
    const flow = new Flow('retry-out');
    const always = task(
      (): number => {
        runs += 1;
        throw new RetrySignal('Not ready yet.');
      },
      { name: 'always', maxRetries: 1 },
    );
    const none = task(
      (): number => {
        throw new RetrySignal('Not ready.');
      },
      { name: 'none' },
    );
    const a = flow.add(always);
    const b = flow.add(none);
    const state = await flow.run();
    expect(runs).toBe(2);
    expect(state.result?.get(a)?.type).toBe('Failed');
    expect(state.result?.get(a)?.message).toBe(
      'Task asked to retry ("Not ready yet.") after its last attempt (run 2 of 2); raise its maxRetries to allow more attempts.',
    );
    expect(state.result?.get(b)?.message).toMatch(/run 1 of 1\); give the task maxRetries/);
    expect(state.isFailed()).toBe(true);
  });

  it('SKIP ends Skipped with no result; a downstream task that opts out never receives it as a value', async () => {
    const flow = new Flow('skip');
    const skipper = flow.add(
      task(
        (): string => {
          throw new SkipSignal('Nothing to load.');
        },
        { name: 'skipper' },
      ),
    );
    const received: Record<string, unknown>[] = [];
    const tolerant = flow.add(
      task(
        (inputs: { rows?: string }) => {
          received.push({ ...inputs });
          return 'rows' in inputs ? 'got a value' : 'got nothing';
        },
        { name: 'tolerant', skipOnUpstreamSkip: false },
      ),
      { rows: skipper },
    );
    const strict = flow.add(
      task(({ rows }: { rows: string }) => rows.length, { name: 'strict' }),
      { rows: skipper },
    );
    const state = await flow.run();
    const skipped = state.result?.get(skipper);
    expect(skipped?.type).toBe('Skipped');
    expect(skipped?.message).toBe('Nothing to load.');
    expect(skipped?.result).toBeUndefined();
    expect(state.result?.get(tolerant)?.result).toBe('got nothing');
    expect(received).toEqual([{}]);
    expect(state.result?.get(strict)?.type).toBe('Skipped');
    expect(state.isSuccessful()).toBe(true);
  });

  it('LOOP runs the task again with the payload; each iteration is Looped, then the last one’s state', async () => {
    const { seen, stateHandlers } = recorder();
    const contexts: unknown[] = [];
    const flow = new Flow('loop');
    const fib = flow.add(
      task(
        ({ limit }: { limit: number }, { loopCount, loopPayload }) => {
          contexts.push([loopCount, loopPayload]);
          const [a, b] = (loopPayload as [number, number] | undefined) ?? [0, 1];
          if (b < limit) throw new LoopSignal({ result: [b, a + b] });
          return b;
        },
        { name: 'fib', stateHandlers },
      ),
      { limit: 3 },
    );
    const state = await flow.run();
    expect(state.result?.get(fib)?.result).toBe(3);
    expect(contexts).toEqual([
      [1, undefined],
      [2, [1, 1]],
      [3, [1, 2]],
      [4, [2, 3]],
    ]);
    expect(seen).toEqual([
      'Running',
      'Looped(1)',
      'Running',
      'Looped(2)',
      'Running',
      'Looped(3)',
      'Running',
      'Success',
    ]);
    expect(state.isSuccessful()).toBe(true);
  });

  it('gives each Looped state its payload and message, checkpointed when results are', async () => {
    const looped: Looped[] = [];
    const flow = new Flow('loop-states');
    flow.add(
      task(
        (_: {}, { loopCount }) => {
          if (loopCount < 3) throw new LoopSignal({ result: { page: loopCount + 1 } });
          return 'done';
        },
        {
          name: 'pages',
          stateHandlers: [(_t, _o, next) => void (next instanceof Looped && looped.push(next))],
        },
      ),
    );
    await flow.run({ checkpoint: true });
    expect(looped.map((s) => [s.loopCount, s.message, s.result, s.safeResult?.value])).toEqual([
      [1, 'Task looped (iteration 1).', { page: 2 }, { page: 2 }],
      [2, 'Task looped (iteration 2).', { page: 3 }, { page: 3 }],
    ]);
    expect(looped[0]!.serialize()).toMatchObject({ type: 'Looped', loop_count: 1 });
  });

  it('stops an endless loop at maxLoops with a Failed state saying what to do', async () => {
    let runs = 0;
    const flow = new Flow('endless');
    const spin = flow.add(
      task(
        (): number => {
          runs += 1;
          throw new LoopSignal({ result: runs });
        },
        { name: 'spin', maxLoops: 5 },
      ),
    );
    const state = await flow.run();
    expect(runs).toBe(6);
    expect(state.result?.get(spin)?.type).toBe('Failed');
    expect(state.result?.get(spin)?.message).toBe(
      'Task "spin" asked to loop again after 5 loops, its limit (maxLoops: 5); check the condition that ends its loop, or raise maxLoops if it needs more iterations.',
    );
  });

  it('continues a loop from the Looped state another process left, and retries keep the iteration', async () => {
    const contexts: unknown[] = [];
    const flow = new Flow('loop-resume');
    const count = flow.add(
      task(
        (_: {}, { loopCount, loopPayload, runCount }) => {
          contexts.push([loopCount, loopPayload, runCount]);
          if (loopCount === 3 && runCount === 1) throw new Error('flaky');
          if (loopCount < 4) throw new LoopSignal({ result: (loopPayload as number) * 10 });
          return loopPayload;
        },
        { name: 'count', maxRetries: 1 },
      ),
    );
    const left = new Looped({ loopCount: 2, result: 7 });
    const state = await flow.run({ taskStates: { [count.slug!]: left } });
    expect(contexts).toEqual([
      [3, 7, 1],
      [3, 7, 2],
      [4, 70, 1],
    ]);
    expect(state.result?.get(count)?.result).toBe(70);
  });

  it('a retry of a later iteration left for another process goes on with that iteration and payload', async () => {
    const contexts: unknown[] = [];
    const flow = new Flow('loop-retry-later');
    const build = flow.add(
      task(
        (_: {}, { loopCount, loopPayload, runCount }) => {
          contexts.push([loopCount, loopPayload, runCount]);
          if (loopCount === 2 && runCount === 1) throw new Error('flaky');
          if (loopCount < 3) throw new LoopSignal({ result: new Map([['n', loopCount]]) });
          return loopPayload;
        },
        { name: 'build', maxRetries: 1, retryDelay: 1 },
      ),
    );
    const first = await new FlowRunner(flow).run({ inProcessRetryLimit: 0, checkpoint: true });
    const left = first.result!.get(build)!;
    expect(left.type).toBe('Retrying');
    // What the next process reads back from the API.
    const stored = deserializeState(JSON.parse(JSON.stringify(left.serialize())));
    const second = await new FlowRunner(flow).run({
      state: first,
      taskStates: { [build.slug!]: stored },
      checkpoint: true,
    });
    expect(contexts).toEqual([
      [1, undefined, 1],
      [2, new Map([['n', 1]]), 1],
      [2, new Map([['n', 1]]), 2],
      [3, new Map([['n', 2]]), 1],
    ]);
    expect(second.result?.get(build)?.result).toEqual(new Map([['n', 2]]));
  });

  it('skips a task that reduces a mapped task when one of its children was skipped', async () => {
    const flow = new Flow('mapped-skip');
    const halve = task(
      ({ x }: { x: number }) => {
        if (x % 2 === 1) throw new SkipSignal(`${x} is odd`);
        return x / 2;
      },
      { name: 'halve' },
    );
    const total = task(({ values }: { values: number[] }) => values.length, { name: 'total' });
    const evens = flow.map(halve, { x: [2, 4] });
    const mixed = flow.map(halve, { x: [2, 3] });
    const allTotal = flow.add(total, { values: evens });
    const mixedTotal = flow.add(total, { values: mixed });
    const state = await flow.run();
    expect(state.result?.get(allTotal)?.result).toBe(2);
    expect(state.result?.get(mixedTotal)?.type).toBe('Skipped');
  });
});

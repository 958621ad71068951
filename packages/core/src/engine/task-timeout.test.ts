import { describe, expect, it } from 'vitest';
import { Flow } from '../flow/flow.js';
import type { State } from '../states/state.js';
import { task } from '../tasks/function-task.js';
import type { TaskStateHandler } from '../tasks/task.js';

const recorder = () => {
  const types: string[] = [];
  const handler: TaskStateHandler = (_task, _old, next) => {
    types.push(next.type);
    return undefined;
  };
  return { types, handler };
};

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Blocks the thread, as CPU-bound work does.
  }
};

describe('task timeouts in the run thread', () => {
  it('abandon async work that ignores its signal: TimedOut at the limit, a late finish changes nothing', async () => {
    const effects: string[] = [];
    const { types, handler } = recorder();
    const stubborn = task(
      () =>
        new Promise<string>((resolve) =>
          setTimeout(() => {
            effects.push('finished late');
            resolve('late');
          }, 600),
        ),
      { name: 'stubborn', timeout: 100, stateHandlers: [handler] },
    );
    const flow = new Flow('abandon', { module: null });
    const run = flow.add(stubborn);
    const started = performance.now();
    const state = (await flow.run()).result!.get(run) as State;
    expect(performance.now() - started).toBeLessThan(550);
    expect(state.type).toBe('TimedOut');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(effects).toEqual(['finished late']);
    expect(state.type).toBe('TimedOut');
    expect(types).toEqual(['Running', 'TimedOut']);
  });

  it('retry after TimedOut while retries remain', async () => {
    const { types, handler } = recorder();
    let runs = 0;
    const slowThenFast = task(
      (_inputs: object, { signal }) => {
        runs += 1;
        return runs === 1 ? new Promise<string>(() => signal.throwIfAborted()) : 'second';
      },
      { name: 'slow-then-fast', timeout: 100, maxRetries: 2, stateHandlers: [handler] },
    );
    const flow = new Flow('retry-timeout', { module: null });
    const run = flow.add(slowThenFast);
    const state = (await flow.run()).result!.get(run) as State;
    expect(types).toEqual(['Running', 'TimedOut', 'Retrying', 'Running', 'Success']);
    expect(state.result).toBe('second');
  });

  it('synchronous work that runs past its limit ends TimedOut, not Success, saying how to stop it', async () => {
    const { types, handler } = recorder();
    const blocking = task(
      () => {
        busy(300);
        return 'done';
      },
      { name: 'blocking', timeout: 50, maxRetries: 1, isolation: 'none', stateHandlers: [handler] },
    );
    const flow = new Flow('sync-overrun', { module: null });
    const run = flow.add(blocking);
    const state = (await flow.run()).result!.get(run) as State;
    expect(state.type).toBe('TimedOut');
    expect(state.message).toMatch(/isolation: 'thread'/);
    expect(types).toEqual(['Running', 'TimedOut', 'Retrying', 'Running', 'TimedOut']);
  });

  it('a task asking for a thread in a flow without a module fails saying what to do', async () => {
    const flow = new Flow('no-module', { module: null });
    const run = flow.add(task(() => 1, { name: 'isolated', timeout: 1000, isolation: 'thread' }));
    const state = (await flow.run()).result!.get(run) as State;
    expect(state.type).toBe('Failed');
    expect(state.message).toMatch(/module: import\.meta\.url/);
  });
});

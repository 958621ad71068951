import { describe, expect, it } from 'vitest';
import type { Executor } from '../contracts/executor.js';
import type { TaskRunRequest } from '../contracts/task-run-request.js';
import { LocalConcurrentExecutor } from '../executors/local-concurrent-executor.js';
import { unmapped } from '../flow/bindings.js';
import { Flow } from '../flow/flow.js';
import { Mapped } from '../states/state.js';
import { task } from '../tasks/function-task.js';
import { runTaskRunRequest } from './run-task-run-request.js';

/** A flow whose children fail once, keep a Map as a result, and reduce. */
function mappingFlow(attempts: Map<number, number>) {
  const flow = new Flow('elsewhere');
  const numbers = flow.add(task(() => [1, 2, 3], { name: 'numbers' }));
  const scaled = flow.map(
    task(
      ({ x, factor }: { x: number; factor: number }) => {
        const seen = (attempts.get(x) ?? 0) + 1;
        attempts.set(x, seen);
        if (x === 2 && seen === 1) throw new Error('first try of 2 fails');
        return new Map([['value', x * factor]]);
      },
      { name: 'scale', maxRetries: 1 },
    ),
    { x: numbers, factor: unmapped(10) },
  );
  const total = flow.add(
    task(({ maps }: { maps: Map<string, number>[] }) => maps.reduce((a, m) => a + m.get('value')!, 0), {
      name: 'total',
    }),
    { maps: scaled },
  );
  return { flow, scaled, total };
}

/** An executor that sends every task run through JSON to a second copy of the flow, as a queue's worker would. */
function elsewhere(worker: Flow, seen: TaskRunRequest[]): Executor {
  const local = new LocalConcurrentExecutor({ maxConcurrency: 4 });
  return {
    specificationVersion: 'v1',
    name: 'test:Elsewhere',
    submit: (work) => local.submit(work),
    map: (items, work) => local.map(items, work),
    wait: (futures) => local.wait(futures),
    runTaskRun: async (request) => {
      const copy = JSON.parse(JSON.stringify(request)) as TaskRunRequest;
      seen.push(copy);
      return JSON.parse(JSON.stringify(await runTaskRunRequest(worker, copy)));
    },
  };
}

describe('task runs sent elsewhere (Executor.runTaskRun)', () => {
  it('runs every task run and mapped child in the other copy; results, retries and reduce come back', async () => {
    const here = mappingFlow(new Map());
    const workerAttempts = new Map<number, number>();
    const there = mappingFlow(workerAttempts);
    const requests: TaskRunRequest[] = [];
    const state = await here.flow.run({ executor: elsewhere(there.flow, requests) });
    expect(state.isSuccessful()).toBe(true);
    const mapped = state.result?.get(here.scaled) as Mapped;
    expect(mapped).toBeInstanceOf(Mapped);
    expect(mapped.mapStates.map((s) => (s!.result as Map<string, number>).get('value'))).toEqual([
      10, 20, 30,
    ]);
    expect(state.result?.get(here.total)?.result).toBe(60);
    expect([...workerAttempts.entries()].sort()).toEqual([
      [1, 1],
      [2, 2],
      [3, 1],
    ]);
    const sent = requests.map((r) => `${r.taskSlug}${r.mapIndex === null ? '' : `[${r.mapIndex}]`}`);
    expect(sent.sort()).toEqual([
      'Constant-1',
      'numbers-1',
      'scale-1[0]',
      'scale-1[1]',
      'scale-1[2]',
      'total-1',
    ]);
  });

  it('refuses a request for a task the flow here does not have', async () => {
    const { flow } = mappingFlow(new Map());
    const request: TaskRunRequest = {
      flowName: 'elsewhere',
      taskSlug: 'missing-1',
      mapIndex: null,
      state: null,
      upstream: [],
      parameters: {},
      context: {},
      checkpoint: false,
      inProcessRetryLimit: 1000,
    };
    await expect(runTaskRunRequest(flow, request)).rejects.toThrow(
      /has no task "missing-1".*Deploy the flow again/,
    );
  });
});

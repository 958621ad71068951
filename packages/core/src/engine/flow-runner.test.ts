import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SkipSignal } from '../errors/skip-signal.js';
import { LocalConcurrentExecutor } from '../executors/local-concurrent-executor.js';
import { unmapped } from '../flow/bindings.js';
import { Flow } from '../flow/flow.js';
import { LocalResultHandler } from '../results/local-result-handler.js';
import {
  type ClientFailed,
  Mapped,
  Queued,
  Resume,
  Retrying,
  Scheduled,
  type State,
  Success,
  TimedOut,
} from '../states/state.js';
import { allInputs } from '../tasks/cache-validators.js';
import { task } from '../tasks/function-task.js';
import { Parameter } from '../tasks/parameter.js';
import { allFinished, anyFailed, manualOnly } from '../tasks/triggers.js';
import { CacheStore } from './cache-store.js';
import { FlowRunner } from './flow-runner.js';

const boom = task(
  (): number => {
    throw new Error('boom');
  },
  { name: 'boom' },
);
const one = task(() => 1, { name: 'one' });
const inc = task(({ x }: { x: number }) => x + 1, { name: 'inc' });
const sum = task(({ values }: { values: number[] }) => values.reduce((a, b) => a + b, 0), { name: 'sum' });

describe('FlowRunner', () => {
  it('passes results and parameters downstream and succeeds', async () => {
    const flow = new Flow('add');
    const start = new Parameter('start', { default: 10 });
    const a = flow.add(inc, { x: start });
    const b = flow.add(inc, { x: a });
    const state = await flow.run({ parameters: { start: 1 } });
    expect(state.isSuccessful()).toBe(true);
    expect(state.message).toBe('All reference tasks succeeded.');
    expect(state.result?.get(b)?.result).toBe(3);
    expect((await flow.run()).result?.get(b)?.result).toBe(12);
  });

  it('runs the tasks added to a flow after its runner last ran', async () => {
    const flow = new Flow('grows');
    const a = flow.add(inc, { x: 1 });
    const runner = new FlowRunner(flow);
    const before = flow.size;
    expect((await runner.run()).result?.size).toBe(before);
    const b = flow.add(inc, { x: a });
    flow.add(inc, { x: b });
    const state = await runner.run();
    expect(state.result?.size).toBe(before + 2);
    expect([...state.result!.keys()]).toEqual(flow.sortedTasks());
    expect(state.result?.get(b)?.result).toBe(3);
  });

  it('fails with the names of missing required parameters, and on extra ones', async () => {
    const flow = new Flow('params');
    flow.add(inc, { x: new Parameter<number>('x') });
    flow.add(inc, { x: new Parameter<number>('y') });
    const missing = await flow.run();
    expect(missing.isFailed()).toBe(true);
    expect(missing.message).toBe('Required parameters were not provided: x, y.');
    const extra = await flow.run({ parameters: { x: 1, y: 2, z: 3 } });
    expect(extra.message).toMatch(/Extra parameters were provided: z/);
  });

  it('retries in-process when the delay is short', async () => {
    let calls = 0;
    const flaky = task(
      () => {
        calls += 1;
        if (calls < 3) throw new Error(`attempt ${calls}`);
        return calls;
      },
      { name: 'flaky', maxRetries: 2, retryDelay: 5 },
    );
    const seen: string[] = [];
    const flow = new Flow('retry');
    const node = flow.add(flaky);
    const state = await new FlowRunner(flow, {
      hooks: { taskRunStateChange: ({ newState }) => void seen.push(newState.type) },
    }).run();
    expect(state.result?.get(node)?.result).toBe(3);
    expect(seen).toEqual([
      'Running',
      'Failed',
      'Retrying',
      'Running',
      'Failed',
      'Retrying',
      'Running',
      'Success',
    ]);
  });

  it('ends Retrying with a start time when the delay is long, and resumes from it', async () => {
    let calls = 0;
    const flaky = task(
      () => {
        calls += 1;
        if (calls === 1) throw new Error('first');
        return 'ok';
      },
      { name: 'flaky', maxRetries: 1, retryDelay: 3_600_000 },
    );
    const flow = new Flow('later');
    const node = flow.add(flaky);
    const after = flow.add(
      task(({ v }: { v: string }) => v.toUpperCase(), { name: 'upper' }),
      { v: node },
    );
    const runner = new FlowRunner(flow);
    const first = await runner.run();
    const retrying = first.result?.get(node) as Retrying;
    expect(first.isRunning()).toBe(true);
    expect(retrying).toBeInstanceOf(Retrying);
    expect(retrying.startTime.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    expect(first.result?.get(after)?.type).toBe('Pending');

    const due = new Retrying({ startTime: new Date(Date.now() - 1), runCount: retrying.runCount });
    const resumed = await runner.run({ state: first, taskStates: { [node.slug!]: due } });
    expect(resumed.isSuccessful()).toBe(true);
    expect(resumed.result?.get(after)?.result).toBe('OK');
  });

  it('flow.run waits for retries due after the in-process limit', async () => {
    let calls = 0;
    const flaky = task(
      () => {
        calls += 1;
        if (calls === 1) throw new Error('first');
        return calls;
      },
      { name: 'flaky', maxRetries: 1, retryDelay: 20 },
    );
    const flow = new Flow('loop');
    const node = flow.add(flaky);
    const state = await flow.run({ inProcessRetryLimit: 0 });
    expect(state.isSuccessful()).toBe(true);
    expect(state.result?.get(node)?.result).toBe(2);
  });

  it('times out tasks with their AbortSignal, also tasks that ignore it', async () => {
    let sawAbort = false;
    const polite = task(
      (_: {}, { signal }) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(signal.reason);
          }),
        ),
      { name: 'polite', timeout: 20 },
    );
    const stubborn = task(() => new Promise(() => {}), { name: 'stubborn', timeout: 20 });
    const flow = new Flow('timeouts');
    const a = flow.add(polite);
    const b = flow.add(stubborn);
    const state = await flow.run();
    expect(state.result?.get(a)).toBeInstanceOf(TimedOut);
    expect(state.result?.get(b)).toBeInstanceOf(TimedOut);
    expect(sawAbort).toBe(true);
    expect(state.isFailed()).toBe(true);
  });

  it('evaluates triggers', async () => {
    const flow = new Flow('triggers');
    const failed = flow.add(boom);
    const strict = flow.add(inc, { x: failed });
    const cleanup = flow.add(
      task(() => 'cleaned', { name: 'cleanup', trigger: allFinished }),
      {},
      { upstream: [failed] },
    );
    const alert = flow.add(
      task(() => 'alerted', { name: 'alert', trigger: anyFailed }),
      {},
      { upstream: [failed] },
    );
    const state = await flow.run();
    expect(state.result?.get(failed)?.message).toBe('Unexpected error: boom');
    expect(state.result?.get(strict)?.type).toBe('TriggerFailed');
    expect(state.result?.get(cleanup)?.result).toBe('cleaned');
    expect(state.result?.get(alert)?.result).toBe('alerted');
  });

  it('pauses manualOnly tasks until resumed', async () => {
    const flow = new Flow('manual');
    const gate = flow.add(task(() => 'approved', { name: 'gate', trigger: manualOnly }));
    const paused = await flow.run();
    expect(paused.result?.get(gate)?.type).toBe('Paused');
    expect(paused.isRunning()).toBe(true);
    const resumed = await flow.run({ state: paused, taskStates: new Map([[gate, new Resume()]]) });
    expect(resumed.result?.get(gate)?.result).toBe('approved');
  });

  it('propagates skips unless a task opts out', async () => {
    const flow = new Flow('skips');
    const skipper = flow.add(
      task(
        (): number => {
          throw new SkipSignal('nothing to do');
        },
        { name: 'skipper' },
      ),
    );
    const next = flow.add(inc, { x: skipper });
    const always = flow.add(
      task(() => 'ran', { name: 'always', skipOnUpstreamSkip: false }),
      {},
      { upstream: [next] },
    );
    const state = await flow.run();
    expect(state.result?.get(skipper)?.type).toBe('Skipped');
    expect(state.result?.get(next)?.message).toMatch(/Upstream task was skipped/);
    expect(state.result?.get(always)?.result).toBe('ran');
    expect(state.isSuccessful()).toBe(true);
  });

  it('maps over lists, child by child, and reduces', async () => {
    const flow = new Flow('map');
    const numbers = flow.add(task(() => [1, 2, 3], { name: 'numbers' }));
    const scaled = flow.map(
      task(({ x, factor }: { x: number; factor: number }) => x * factor, { name: 'scale' }),
      { x: numbers, factor: unmapped(10) },
    );
    const plusOne = flow.map(inc, { x: scaled });
    const total = flow.add(sum, { values: plusOne });
    const state = await flow.run({ executor: new LocalConcurrentExecutor({ maxConcurrency: 2 }) });
    const mapped = state.result?.get(plusOne) as Mapped;
    expect(mapped).toBeInstanceOf(Mapped);
    expect(mapped.mapStates.map((s) => s?.result)).toEqual([11, 21, 31]);
    expect(state.result?.get(total)?.result).toBe(63);
  });

  it('fails only the affected children of a mapped task; triggers see the children', async () => {
    const flow = new Flow('map-fail');
    const numbers = flow.add(task(() => [1, 0, 2], { name: 'numbers' }));
    const inverse = flow.map(
      task(
        ({ x }: { x: number }) => {
          if (x === 0) throw new Error('division by zero');
          return 1 / x;
        },
        { name: 'inverse' },
      ),
      { x: numbers },
    );
    const doubled = flow.map(
      task(({ x }: { x: number }) => x * 2, { name: 'double' }),
      { x: inverse },
    );
    const total = flow.add(sum, { values: doubled });
    const empty = flow.map(inc, { x: flow.add(task((): number[] => [], { name: 'none' })) });
    const state = await flow.run();
    expect((state.result!.get(doubled) as Mapped).mapStates.map((s) => s?.type)).toEqual([
      'Success',
      'TriggerFailed',
      'Success',
    ]);
    expect(state.result?.get(total)?.type).toBe('TriggerFailed');
    expect((state.result!.get(empty) as Mapped).mapStates).toEqual([]);
    expect(state.isFailed()).toBe(true);
  });

  it('refuses to map over something that is not a list', async () => {
    const flow = new Flow('map-scalar');
    const scalar = flow.add(task(() => 5 as unknown as number[], { name: 'scalar' }));
    const mapped = flow.map(inc, { x: scalar });
    const state = await flow.run();
    expect(state.result?.get(mapped)?.message).toMatch(/returned number, not an array/);
  });

  it('reuses cached results while the validator accepts them', async () => {
    let calls = 0;
    const slow = task(
      ({ x }: { x: number }) => {
        calls += 1;
        return x * 2;
      },
      { name: 'slow', cacheFor: 60_000, cacheValidator: allInputs },
    );
    const flow = new Flow('cache');
    const node = flow.add(slow, { x: new Parameter('x', { default: 1 }) });
    const runner = new FlowRunner(flow, { cache: new CacheStore() });
    const first = await runner.run();
    const second = await runner.run();
    const other = await runner.run({ parameters: { x: 2 } });
    expect(first.result?.get(node)?.type).toBe('Cached');
    expect(second.result?.get(node)?.result).toBe(2);
    expect(other.result?.get(node)?.result).toBe(4);
    expect(calls).toBe(2);
  });

  it('reuses a result for its cacheFor duration when no validator is given (durationOnly)', async () => {
    let calls = 0;
    const cached = task(
      () => {
        calls += 1;
        return calls;
      },
      { name: 'cached', cacheFor: 60_000 },
    );
    expect(cached.cacheValidator.fn).toBe('headwater.cacheValidators.durationOnly');
    expect(task(() => 1).cacheValidator.fn).toBe('headwater.cacheValidators.neverUse');
    const flow = new Flow('cache-default');
    const node = flow.add(cached);
    const runner = new FlowRunner(flow, { cache: new CacheStore() });
    await runner.run();
    const second = await runner.run();
    expect(second.result?.get(node)?.isCached()).toBe(true);
    expect(second.result?.get(node)?.result).toBe(1);
    expect(calls).toBe(1);
  });

  it('takes the final state from the reference tasks', async () => {
    const flow = new Flow('refs');
    flow.add(boom);
    const ok = flow.add(one);
    flow.setReferenceTasks([ok]);
    expect((await flow.run()).isSuccessful()).toBe(true);
  });

  it('resumes from given task states, reading checkpointed results back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headwater-results-'));
    let upstreamCalls = 0;
    const expensive = task(
      () => {
        upstreamCalls += 1;
        return { rows: [1, 2, 3] };
      },
      { name: 'expensive', checkpoint: true, resultHandler: new LocalResultHandler({ dir }) },
    );
    const count = task(({ data }: { data: { rows: number[] } }) => data.rows.length, { name: 'count' });
    const flow = new Flow('resume');
    const up = flow.add(expensive);
    const down = flow.add(count, { data: up });
    const first = await flow.run();
    const checkpointed = first.result?.get(up) as Success;
    expect(typeof checkpointed.safeResult?.value).toBe('string');
    expect(existsSync(checkpointed.safeResult?.value as string)).toBe(true);

    // As an orchestrator would: only the serialized state survives.
    const fromApi = new Success({ safeResult: checkpointed.safeResult });
    const resumed = await flow.run({ taskStates: { [up.slug!]: fromApi } });
    expect(resumed.result?.get(down)?.result).toBe(3);
    expect(upstreamCalls).toBe(1);
  });

  it('lets hooks follow every state, refuse transitions and end runs', async () => {
    const flow = new Flow('hooks');
    const a = flow.add(one);
    const flowStates: string[] = [];
    const ok = await new FlowRunner(flow, {
      hooks: { flowRunStateChange: ({ newState }) => void flowStates.push(newState.type) },
    }).run({ state: new Scheduled({ startTime: new Date(Date.now() - 1000) }) });
    expect(ok.isSuccessful()).toBe(true);
    expect(flowStates).toEqual(['Running', 'Success']);

    let ran = false;
    const guarded = new Flow('guarded');
    guarded.add(
      task(
        () => {
          ran = true;
        },
        { name: 'side-effect' },
      ),
    );
    const refused = await new FlowRunner(guarded, {
      hooks: {
        flowRunStateChange: () => {
          throw new Error('VERSION_LOCKING_ERROR');
        },
      },
    }).run();
    expect(refused.type).toBe('Running');
    expect(ran).toBe(false);

    const clientFailed = await new FlowRunner(flow, {
      hooks: {
        taskRunStateChange: ({ newState }) => {
          if (newState.isSuccessful()) throw new Error('stale version');
        },
      },
    }).run();
    const taskState = clientFailed.result?.get(a) as ClientFailed;
    expect(taskState.type).toBe('ClientFailed');
    expect(taskState.state?.type).toBe('Success');
    expect(clientFailed.isRunning()).toBe(true);

    const queued = await new FlowRunner(flow, {
      hooks: { taskRunStateChange: ({ newState }) => (newState.isRunning() ? new Queued() : undefined) },
    }).run();
    expect(queued.result?.get(a)?.type).toBe('Queued');
  });

  it('gives tasks the context hooks add, and does not start a scheduled run early', async () => {
    const flow = new Flow('ctx');
    const node = flow.add(
      task((_: {}, { context }) => `${context.flowRunId}/${context.taskRunId}`, { name: 'ids' }),
    );
    const state = await new FlowRunner(flow, {
      hooks: { initializeTaskRun: async ({ task: t }) => ({ context: { taskRunId: `tr-${t.slug}` } }) },
    }).run({ context: { flowRunId: 'fr-1' } });
    expect(state.result?.get(node)?.result).toBe('fr-1/tr-ids-1');
    const future = new Scheduled({ startTime: new Date(Date.now() + 3_600_000) });
    expect(await new FlowRunner(flow).run({ state: future })).toBe(future);
  });

  it('turns a throwing state handler into a failure', async () => {
    const flow = new Flow('handlers');
    const node = flow.add(
      task(() => 1, {
        name: 'handled',
        stateHandlers: [
          (_t, _old, next) => {
            if (next.isSuccessful()) throw new Error('handler broke');
            return undefined;
          },
        ],
      }),
    );
    const state = await flow.run();
    expect(state.result?.get(node)?.message).toBe(
      'Exception raised while calling state handlers: handler broke',
    );
  });

  it('checkpoints JSON results into the state when asked', async () => {
    const flow = new Flow('json');
    const node = flow.add(task(() => ({ a: [1, 2] }), { name: 'data' }));
    const state = await flow.run({ checkpoint: true });
    const s = state.result?.get(node) as State;
    expect(s.serialize()._result).toMatchObject({
      type: 'SafeResult',
      value: { a: [1, 2] },
      result_handler: { type: 'JSONResultHandler' },
    });
  });

  it('cancels the run when its signal aborts', async () => {
    const controller = new AbortController();
    const flow = new Flow('cancel');
    const first = flow.add(
      task(
        (_: {}, { signal }) =>
          new Promise((resolve) => {
            controller.abort();
            signal.addEventListener('abort', () => resolve('stopped'));
          }),
        { name: 'first' },
      ),
    );
    const second = flow.add(one, {}, { upstream: [first] });
    const state = await flow.run({ signal: controller.signal });
    expect(state.type).toBe('Cancelled');
    expect(state.result?.get(second)?.type).toBe('Cancelled');
  });
});

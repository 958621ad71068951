import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FlowRunState } from '../engine/flow-runner.js';
import { FlowValidationError } from '../errors/flow-validation-error.js';
import { DatesClock } from '../schedules/clocks.js';
import { Schedule } from '../schedules/schedule.js';
import { task } from '../tasks/function-task.js';
import { Flow } from './flow.js';
import type { ScheduledRunsSummary } from './run-on-schedule.js';

/** A schedule firing every `ms` milliseconds from now on, `count` times. */
const every = (ms: number, count: number) =>
  new Schedule({
    clocks: [new DatesClock(Array.from({ length: count }, (_, i) => new Date(Date.now() + ms * (i + 1))))],
  });

const counting = () => {
  const seen: unknown[] = [];
  const flow = new Flow('ticks', { schedule: every(200, 50) });
  flow.add(
    task(
      (_: object, context) => {
        seen.push(context.context.scheduled_start_time);
        return seen.length;
      },
      { name: 'tick' },
    ),
  );
  return { flow, seen };
};

describe('flow.run({ runOnSchedule: true })', () => {
  it('runs on each schedule event until stopped', async () => {
    const { flow, seen } = counting();
    const stop = new AbortController();
    const states: FlowRunState[] = [];
    const summary = await flow.run({
      runOnSchedule: true,
      signal: stop.signal,
      onRun: (state) => {
        states.push(state);
        if (states.length === 3) stop.abort();
      },
    });
    expect(summary.runs).toBe(3);
    expect(summary.ended).toBe('stopped');
    expect(states.every((s) => s.isSuccessful())).toBe(true);
    expect(summary.lastState).toBe(states[2]);
    expect(seen).toHaveLength(3);
    // Each run is told which schedule event it ran for, and they are distinct.
    expect(new Set(seen).size).toBe(3);
    const [first, second] = seen.map((s) => Date.parse(String(s)));
    expect(second! - first!).toBeGreaterThanOrEqual(200);
  });

  it('returns when the schedule has no further event', async () => {
    const flow = new Flow('twice', { schedule: every(100, 2) });
    flow.add(task(() => 1, { name: 'one' }));
    const summary = await flow.run({ runOnSchedule: true });
    expect(summary).toMatchObject({ runs: 2, ended: 'schedule-ended' });
  });

  it('starts no run when stopped before the first event', async () => {
    const { flow, seen } = counting();
    const summary = await flow.run({ runOnSchedule: true, signal: AbortSignal.abort() });
    expect(summary).toEqual({ runs: 0, lastState: undefined, ended: 'stopped' });
    expect(seen).toEqual([]);
  });

  it('refuses a flow without a schedule, saying what to do', async () => {
    const flow = new Flow('unscheduled');
    flow.add(task(() => 1, { name: 'one' }));
    const error = await flow.run({ runOnSchedule: true }).catch((e: unknown) => e);
    expect(FlowValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/runOnSchedule needs a schedule/);
  });

  it('is typed by the mode: one state, or a summary of the runs', () => {
    const flow = new Flow('typed');
    expectTypeOf(flow.run).toBeCallableWith({ runOnSchedule: true, signal: AbortSignal.abort() });
    const once = () => flow.run();
    const looped = () => flow.run({ runOnSchedule: true });
    expectTypeOf(once).returns.resolves.toEqualTypeOf<FlowRunState>();
    expectTypeOf(looped).returns.resolves.toEqualTypeOf<ScheduledRunsSummary>();
  });
});

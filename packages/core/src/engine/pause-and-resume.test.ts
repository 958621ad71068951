import { describe, expect, it } from 'vitest';
import { PauseSignal } from '../errors/pause-signal.js';
import { StateSignal } from '../errors/state-signal.js';
import { Flow } from '../flow/flow.js';
import { deserializeState } from '../serialization/deserialize-state.js';
import { Paused, Resume, Scheduled, type State } from '../states/state.js';
import { task } from '../tasks/function-task.js';
import { manualOnly } from '../tasks/triggers.js';
import { FlowRunner } from './flow-runner.js';

const roundTrip = (state: State) => deserializeState(JSON.parse(JSON.stringify(state.serialize())));

/** A flow `first → gate → after`; `gate` is what the test makes pause. */
function approvalFlow(gateFn: Parameters<typeof task>[0], options: Parameters<typeof task>[1] = {}) {
  const calls: string[] = [];
  const flow = new Flow('approval');
  const first = flow.add(task(() => calls.push('first'), { name: 'first' }));
  const gate = flow.add(task(gateFn, { name: 'gate', ...options }), {}, { upstream: [first] });
  const after = flow.add(
    task(() => calls.push('after'), { name: 'after' }),
    {},
    { upstream: [gate] },
  );
  return { flow, first, gate, after, calls };
}

describe('Paused state on the wire', () => {
  it('has no start time until resumed, and round-trips as null (no sentinel date)', () => {
    const paused = new Paused({ message: 'Waiting for approval.' });
    expect(paused.startTime).toBeNull();
    expect(paused.serialize().start_time).toBeNull();
    const loaded = roundTrip(paused) as Paused;
    expect(loaded.type).toBe('Paused');
    expect(loaded.startTime).toBeNull();
    expect(loaded.message).toBe('Waiting for approval.');
  });

  it('round-trips a wake-up time', () => {
    const startTime = new Date('2030-01-02T03:04:05.000Z');
    const loaded = roundTrip(new Paused({ startTime })) as Paused;
    expect(loaded.startTime?.toISOString()).toBe(startTime.toISOString());
    expect(loaded.isDue(startTime.getTime() - 1)).toBe(false);
    expect(loaded.isDue(startTime.getTime())).toBe(true);
  });

  it('leaves other Scheduled-like states with a start time of now by default', () => {
    expect(new Scheduled().startTime).toBeInstanceOf(Date);
    expect(new Resume().startTime).toBeInstanceOf(Date);
    expect((roundTrip(new Scheduled()) as Scheduled).startTime).toBeInstanceOf(Date);
  });
});

describe('pausing and resuming tasks', () => {
  it('pauses a manualOnly task with no wake-up time; its downstream waits; a Resume runs it once', async () => {
    const { flow, gate, after, calls } = approvalFlow(() => 'approved', { trigger: manualOnly });
    const paused = await flow.run();
    const gateState = paused.result!.get(gate)! as Paused;
    expect(gateState.type).toBe('Paused');
    expect(gateState.startTime).toBeNull();
    expect(JSON.stringify(gateState.serialize())).not.toMatch(/\+275760/);
    expect(paused.result!.get(after)!.type).toBe('Pending');
    expect(paused.isRunning()).toBe(true);

    const taskStates = new Map(paused.result!);
    taskStates.set(gate, roundTrip(new Resume()));
    const resumed = await flow.run({ state: paused, taskStates });
    expect(resumed.isSuccessful()).toBe(true);
    expect(resumed.result!.get(gate)!.result).toBe('approved');
    expect(calls).toEqual(['first', 'after']);
  });

  it('does not run a task whose Paused state was only read back (not resumed)', async () => {
    const { flow, gate, calls } = approvalFlow(() => 'approved', { trigger: manualOnly });
    const paused = await flow.run();
    const taskStates = new Map(paused.result!);
    taskStates.set(gate, roundTrip(paused.result!.get(gate)!));
    const again = await flow.run({ state: paused, taskStates });
    expect(again.result!.get(gate)!.type).toBe('Paused');
    expect(again.isRunning()).toBe(true);
    expect(calls).toEqual(['first']);
  });

  it('maps a PauseSignal to Paused with its message and wake-up time; resumed, the task sees context.resumed', async () => {
    const wakeUp = new Date(Date.now() + 3_600_000);
    const seen: unknown[] = [];
    const { flow, gate, calls } = approvalFlow((_inputs: object, { context }) => {
      seen.push(context.resumed);
      if (!context.resumed) throw new PauseSignal('Waiting for approval to publish.', { startTime: wakeUp });
      return 'published';
    });
    expect(StateSignal.isInstance(new PauseSignal())).toBe(true);
    const paused = await flow.run();
    const gateState = paused.result!.get(gate)! as Paused;
    expect(gateState.type).toBe('Paused');
    expect(gateState.message).toBe('Waiting for approval to publish.');
    expect(gateState.startTime?.getTime()).toBe(wakeUp.getTime());

    const taskStates = new Map(paused.result!);
    taskStates.set(gate, new Resume());
    const resumed = await flow.run({ state: paused, taskStates });
    expect(resumed.isSuccessful()).toBe(true);
    expect(resumed.result!.get(gate)!.result).toBe('published');
    expect(seen).toEqual([undefined, true]);
    expect(calls).toEqual(['first', 'after']);
  });

  it('runs a paused task by itself once its wake-up time has come, not before', async () => {
    const { flow, gate } = approvalFlow(() => 'done', { trigger: manualOnly });
    const paused = await flow.run();
    const later = new Map(paused.result!);
    later.set(gate, new Paused({ startTime: new Date(Date.now() + 3_600_000) }));
    expect((await flow.run({ state: paused, taskStates: later })).result!.get(gate)!.type).toBe('Paused');
    const due = new Map(paused.result!);
    due.set(gate, new Paused({ startTime: new Date(Date.now() - 1000) }));
    const woken = await flow.run({ state: paused, taskStates: due });
    expect(woken.result!.get(gate)!.result).toBe('done');
    expect(woken.isSuccessful()).toBe(true);
  });

  it('leaves a flow run Paused without wake-up time as it is, and runs one whose time has come', async () => {
    const { flow, calls } = approvalFlow(() => 'x');
    const waiting = await new FlowRunner(flow).run({ state: new Paused() });
    expect(waiting.type).toBe('Paused');
    expect(calls).toEqual([]);
    const woken = await new FlowRunner(flow).run({
      state: new Paused({ startTime: new Date(Date.now() - 1) }),
    });
    expect(woken.isSuccessful()).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { Flow } from '../flow/flow.js';
import { deserializeState } from '../serialization/deserialize-state.js';
import type { State } from '../states/state.js';
import { task } from '../tasks/function-task.js';

const DAY = new Date('2026-03-04T05:06:07.000Z');

describe('checkpointed results', () => {
  it('Map, Set, Date and BigInt survive the wire and reach a resumed downstream task unchanged', async () => {
    let produced = 0;
    const produce = task(
      () => {
        produced += 1;
        return { byName: new Map([['a', 1]]), tags: new Set(['x']), at: DAY, big: 2n ** 70n };
      },
      { name: 'produce', checkpoint: true },
    );
    const seen: unknown[] = [];
    const consume = task(
      ({ value }: { value: unknown }) => {
        seen.push(value);
        return 'done';
      },
      { name: 'consume' },
    );
    const flow = new Flow('rich-results', { module: null });
    const up = flow.add(produce);
    flow.add(consume, { value: up });
    const first = await flow.run();
    const wire = JSON.parse(JSON.stringify((first.result!.get(up) as State).serialize()));
    expect(JSON.stringify(wire)).not.toContain('"byName":{}');

    const resumed = await flow.run({ taskStates: { [up.slug!]: deserializeState(wire) } });
    expect(resumed.isSuccessful()).toBe(true);
    expect(produced).toBe(1);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual({ byName: new Map([['a', 1]]), tags: new Set(['x']), at: DAY, big: 2n ** 70n });
    expect((seen[1] as { byName: unknown }).byName).toBeInstanceOf(Map);
  });

  it('a class instance or a function result fails the task, naming it, the path and the type', async () => {
    class Invoice {
      total = 3;
    }
    const flow = new Flow('bad-results', { module: null });
    const instance = flow.add(task(() => ({ invoice: new Invoice() }), { name: 'bill', checkpoint: true }));
    const fn = flow.add(task(() => [() => 1], { name: 'callback', checkpoint: true }));
    const state = await flow.run();
    const billed = state.result!.get(instance) as State;
    expect(billed.isFailed()).toBe(true);
    expect(billed.message).toMatch(
      /result of task "bill".*result\.invoice is an instance of Invoice.*Return plain data/,
    );
    expect((state.result!.get(fn) as State).message).toMatch(/task "callback".*result\[0\] is a function/);
  });
});

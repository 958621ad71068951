import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CompareValue,
  ControlFlowError,
  deserializeFlow,
  Flow,
  ifElse,
  Merge,
  merge,
  Parameter,
  SkipSignal,
  switchCase,
  type Task,
  task,
} from '../../index.js';

const isBig = task(({ n }: { n: number }) => n > 10, { name: 'isBig' });
const shout = task(({ n }: { n: number }) => `BIG ${n}`, { name: 'shout' });
const count = task(({ n }: { n: number }) => n, { name: 'count' });
const describeValue = task(({ value }: { value: string | number }) => `got ${value}`, { name: 'describe' });

/** n → isBig → ifElse(shout, count) → merge → describe, plus a task behind each branch. */
function branchingFlow() {
  const flow = new Flow('branching');
  const n = new Parameter<number>('n');
  const big = flow.add(isBig, { n });
  const loud = flow.add(shout, { n });
  const quiet = flow.add(count, { n });
  ifElse(big, loud, quiet);
  const merged = merge(loud, quiet);
  const report = flow.add(describeValue, { value: merged });
  const afterLoud = flow.add(
    task(({ s }: { s: string }) => s.length, { name: 'afterLoud' }),
    { s: loud },
  );
  const afterQuiet = flow.add(
    task(({ x }: { x: number }) => x + 1, { name: 'afterQuiet' }),
    { x: quiet },
  );
  return { flow, big, loud, quiet, merged, report, afterLoud, afterQuiet };
}

describe('ifElse and merge', () => {
  it('runs the branch the condition picks, skips the other and what follows it, and merges', async () => {
    const { flow, loud, quiet, merged, report, afterLoud, afterQuiet } = branchingFlow();
    const bigRun = await flow.run({ parameters: { n: 42 } });
    const type = (t: Task<any, unknown>) => bigRun.result?.get(t)?.type;
    expect([type(loud), type(quiet), type(afterLoud), type(afterQuiet)]).toEqual([
      'Success',
      'Skipped',
      'Success',
      'Skipped',
    ]);
    expect(bigRun.result?.get(merged)?.result).toBe('BIG 42');
    expect(bigRun.result?.get(report)?.result).toBe('got BIG 42');
    expect(bigRun.isSuccessful()).toBe(true);

    const smallRun = await flow.run({ parameters: { n: 3 } });
    expect(smallRun.result?.get(loud)?.type).toBe('Skipped');
    expect(smallRun.result?.get(loud)?.message).toMatch(/Upstream task was skipped/);
    expect(smallRun.result?.get(quiet)?.result).toBe(3);
    expect(smallRun.result?.get(afterLoud)?.type).toBe('Skipped');
    expect(smallRun.result?.get(report)?.result).toBe('got 3');
  });

  it('decides on truthiness, as the original does', async () => {
    const flow = new Flow('truthy');
    const value = new Parameter<unknown>('value');
    const yes = flow.add(task(() => 'yes', { name: 'yes' }));
    const no = flow.add(task(() => 'no', { name: 'no' }));
    ifElse(
      flow.add(
        task(({ value }: { value: unknown }) => value, { name: 'cond' }),
        { value },
      ),
      yes,
      no,
    );
    const answer = merge(yes, no);
    const results = [];
    for (const v of ['text', 0, '', [], null]) {
      results.push((await flow.run({ parameters: { value: v } })).result?.get(answer)?.result);
    }
    expect(results).toEqual(['yes', 'no', 'no', 'yes', 'no']);
  });

  it('types a merge as the union of its branches’ results', () => {
    const { merged } = branchingFlow();
    expectTypeOf(merged).toEqualTypeOf<Merge<string | number>>();
    expectTypeOf(merged).toMatchTypeOf<Task<any, string | number>>();
    const flow = new Flow('types');
    const onlyStrings = flow.add(
      task(({ s }: { s: string }) => s, { name: 'onlyStrings' }),
      { s: 'x' },
    );
    // @ts-expect-error a string | number result cannot feed a string input
    flow.add(onlyStrings, { s: merged });
    const asyncBranch = flow.add(task(async () => true, { name: 'async' }));
    expectTypeOf(merge(asyncBranch, onlyStrings)).toEqualTypeOf<Merge<string | boolean>>();
  });

  it('merges the first branch not skipped, in the order given, whatever its value', async () => {
    const flow = new Flow('order');
    const zero = flow.add(task(() => 0, { name: 'zero' }));
    const nothing = flow.add(task(() => null, { name: 'nothing' }));
    const first = merge(zero, nothing);
    const second = merge(nothing, zero);
    const state = await flow.run();
    expect(state.result?.get(first)?.result).toBe(0);
    expect(state.result?.get(second)?.result).toBeNull();
  });

  it('ends Skipped when every branch was skipped, and so do the tasks after it', async () => {
    const flow = new Flow('all-skipped');
    const skip = (name: string) =>
      flow.add(
        task(
          (): number => {
            throw new SkipSignal(`${name} has nothing`);
          },
          { name },
        ),
      );
    const merged = merge(skip('a'), skip('b'));
    const after = flow.add(
      task(({ x }: { x: number }) => x * 2, { name: 'after' }),
      { x: merged },
    );
    const state = await flow.run();
    expect(state.result?.get(merged)?.type).toBe('Skipped');
    expect(state.result?.get(merged)?.message).toBe('Every branch was skipped.');
    expect(state.result?.get(after)?.type).toBe('Skipped');
  });

  it('fails its trigger when a branch failed', async () => {
    const flow = new Flow('branch-failed');
    const bad = flow.add(
      task(
        (): number => {
          throw new Error('broken branch');
        },
        { name: 'bad' },
      ),
    );
    const merged = merge(bad, flow.add(task(() => 1, { name: 'good' })));
    const state = await flow.run();
    expect(state.result?.get(merged)?.type).toBe('TriggerFailed');
    expect(state.isFailed()).toBe(true);
  });
});

describe('switchCase', () => {
  it('runs the case equal to the value and skips every other one', async () => {
    const flow = new Flow('switch');
    const kind = new Parameter<'csv' | 'json' | 'xml'>('kind');
    const detect = flow.add(
      task(({ kind }: { kind: 'csv' | 'json' | 'xml' }) => kind, { name: 'detect' }),
      {
        kind,
      },
    );
    const csv = flow.add(task(() => ['a,b'], { name: 'csv' }));
    const json = flow.add(task(() => ({ a: 1 }), { name: 'json' }));
    switchCase(detect, { csv, json });
    const rows = merge(csv, json);
    expectTypeOf(rows).toEqualTypeOf<Merge<string[] | { a: number }>>();
    const jsonRun = await flow.run({ parameters: { kind: 'json' } });
    expect(jsonRun.result?.get(csv)?.type).toBe('Skipped');
    expect(jsonRun.result?.get(rows)?.result).toEqual({ a: 1 });
    const xmlRun = await flow.run({ parameters: { kind: 'xml' } });
    expect([xmlRun.result?.get(csv)?.type, xmlRun.result?.get(json)?.type]).toEqual(['Skipped', 'Skipped']);
    expect(xmlRun.result?.get(rows)?.type).toBe('Skipped');
    // @ts-expect-error "yaml" is not a value the detect task returns
    switchCase(detect, { yaml: csv });
  });

  it('matches numbers given as object keys, and any value given in a Map', async () => {
    const flow = new Flow('switch-values');
    const level = flow.add(task(() => 2, { name: 'level' }));
    const one = flow.add(task(() => 'one', { name: 'one' }));
    const two = flow.add(task(() => 'two', { name: 'two' }));
    switchCase(level, { 1: one, 2: two });
    const point = flow.add(task(() => ({ x: 1, y: 2 }), { name: 'point' }));
    const origin = flow.add(task(() => 'origin', { name: 'origin' }));
    const elsewhere = flow.add(task(() => 'elsewhere', { name: 'elsewhere' }));
    switchCase(
      point,
      new Map([
        [{ x: 0, y: 0 }, origin],
        [{ y: 2, x: 1 }, elsewhere],
      ]),
    );
    const state = await flow.run();
    expect(state.result?.get(merge(flow, one, two))).toBeUndefined();
    expect([one, two, origin, elsewhere].map((t) => state.result?.get(t)?.type)).toEqual([
      'Skipped',
      'Success',
      'Skipped',
      'Success',
    ]);
    const gate = flow.tasks.find((t) => t.name === 'CompareValue: {"x":0,"y":0}');
    expect(state.result?.get(gate!)?.message).toBe(
      'Provided value {"x":1,"y":2} did not match {"x":0,"y":0}.',
    );
  });

  it('refuses an empty set of cases', () => {
    const flow = new Flow('empty');
    const value = flow.add(task(() => 'a', { name: 'value' }));
    expect(() => switchCase(value, {})).toThrow(/given no cases/);
  });
});

describe('wiring', () => {
  it('serializes gates and merges with their type names and edges, and loads back', () => {
    const { flow, big, loud, merged } = branchingFlow();
    const wire = flow.serialize();
    const types = wire.tasks.map((t) => t.type);
    expect(types.filter((t) => t === '@headwater/core:CompareValue')).toHaveLength(2);
    expect(types.filter((t) => t === '@headwater/core:Merge')).toHaveLength(1);
    const gates = flow.tasks.filter((t): t is CompareValue => t instanceof CompareValue);
    expect(gates.map((g) => [g.name, g.value])).toEqual([
      ['CompareValue: true', true],
      ['CompareValue: false', false],
    ]);
    const edge = (from: string, to: string) =>
      wire.edges.find((e) => e.upstream_task.slug === from && e.downstream_task.slug === to);
    expect(edge(big.slug!, gates[0]!.slug!)?.key).toBe('value');
    expect(edge(gates[0]!.slug!, loud.slug!)?.key).toBeNull();
    expect(edge(loud.slug!, merged.slug!)?.key).toBe('branch1');
    const loaded = deserializeFlow(wire);
    expect(loaded.getTask(merged.slug!)?.type).toBe('@headwater/core:Merge');
    expect(loaded.serialize().tasks.map((t) => t.type)).toEqual(types);
  });

  it('wires into the flow its tasks were last added to, or the one given, or says what to pass', () => {
    const loose = task(() => true, { name: 'loose' });
    expect(() =>
      ifElse(
        loose,
        task(() => 1),
        task(() => 2),
      ),
    ).toThrow(ControlFlowError);
    expect(() =>
      ifElse(
        loose,
        task(() => 1),
        task(() => 2),
      ),
    ).toThrow(/belongs to a flow yet; add them with flow.add\(\.\.\.\) first, or pass the flow/);
    const a = new Flow('a');
    const b = new Flow('b');
    const cond = a.add(task(() => true, { name: 'cond' }));
    const yes = a.add(task(() => 1, { name: 'yes' }));
    const no = a.add(task(() => 2, { name: 'no' }));
    b.addTask(cond);
    b.addTask(yes);
    expect(() => merge(no, b.add(task(() => 3, { name: 'other' })))).toThrow(/are not all in one flow/);
    ifElse(cond, yes, no);
    expect(a.tasks.filter((t) => t instanceof CompareValue)).toHaveLength(2);
    expect(b.tasks.filter((t) => t instanceof CompareValue)).toHaveLength(0);
    merge(cond, yes);
    expect(b.tasks.filter((t) => t instanceof Merge)).toHaveLength(1);
    merge(a, cond, yes);
    switchCase(cond, new Map([[true, yes]]), { flow: a });
    expect(a.tasks.filter((t) => t instanceof Merge)).toHaveLength(1);
    expect(a.tasks.filter((t) => t instanceof CompareValue)).toHaveLength(3);
    expect(() => merge()).toThrow(/given no branches/);
  });
});

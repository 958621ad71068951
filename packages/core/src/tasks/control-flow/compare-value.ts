import { SkipSignal } from '../../errors/skip-signal.js';
import type { Flow } from '../../flow/flow.js';
import { jsonEqual } from '../json-equal.js';
import { Task, type TaskOptions } from '../task.js';

/** Decides whether the value a {@link CompareValue} receives matches the one it holds. */
export type ValueMatcher<V> = (actual: unknown, expected: V) => boolean;

/** Options of a {@link CompareValue}. */
export interface CompareValueOptions<V> extends TaskOptions<{ value: unknown }> {
  /** @default equal values (`Object.is`, or equal as JSON) */
  matches?: ValueMatcher<V>;
}

/** A value as names and messages show it: strings quoted, objects as JSON. */
const describe = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value !== null && typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      // A cycle or a BigInt: its plain string form will do.
    }
  }
  return String(value);
};
const equal: ValueMatcher<unknown> = (actual, expected) =>
  Object.is(actual, expected) || jsonEqual(actual, expected);

/**
 * The gate of one branch: it receives a `value` at run time and succeeds (with no result)
 * when it matches the value it holds, or ends `Skipped`, which skips the branch behind it.
 * `ifElse` and `switchCase` add one per branch; serialized as `@headwater/core:CompareValue`.
 *
 * @example
 * ```ts
 * const isA = flow.add(new CompareValue('a'), { value: kind });
 * flow.addEdge(isA, handleA); // handleA runs only when kind is "a"
 * ```
 */
export class CompareValue<V = unknown> extends Task<{ value: unknown }, void> {
  static override taskType = '@headwater/core:CompareValue';
  /** The value a branch is taken for. */
  readonly value: V;
  readonly matches: ValueMatcher<V>;

  constructor(value: V, options: CompareValueOptions<V> = {}) {
    super({ ...options, name: options.name ?? `CompareValue: ${describe(value)}` });
    this.value = value;
    this.matches = options.matches ?? equal;
  }

  run({ value }: { value: unknown }): void {
    if (!this.matches(value, this.value)) {
      throw new SkipSignal(`Provided value ${describe(value)} did not match ${describe(this.value)}.`);
    }
  }
}

/** Wires `branch` behind a new gate comparing the result of `value` with `expected`. */
export function addGate<V>(
  flow: Flow,
  value: Task<any, unknown>,
  branch: Task<any, unknown>,
  expected: V,
  matches?: ValueMatcher<V>,
): CompareValue<V> {
  const gate = flow.addTask(new CompareValue(expected, matches === undefined ? {} : { matches }));
  flow.addEdge(value, gate, { key: 'value' });
  flow.addEdge(gate, branch);
  return gate;
}

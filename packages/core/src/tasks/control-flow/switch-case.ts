import { ControlFlowError } from '../../errors/control-flow-error.js';
import type { Flow } from '../../flow/flow.js';
import type { Task } from '../task.js';
import { addGate } from './compare-value.js';
import { wiringFlow } from './wiring-flow.js';

/** The cases of a {@link switchCase} on a string or number: a branch per value. */
export type Cases<V extends string | number> = { readonly [K in V]?: Task<any, unknown> };

/** Record keys are strings: a case `1` matches the number 1 and the string "1". */
const sameKey = (actual: unknown, key: string) =>
  (typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean') &&
  String(actual) === key;

/**
 * Branches a flow on the result of `value`: the branch whose case equals it runs, every
 * other branch ends `Skipped` (and the tasks downstream of it, unless they set
 * `skipOnUpstreamSkip: false`). Cases are an object (string or number values, checked
 * against the type of `value`) or a `Map` for any value (compared as equal JSON). The flow
 * is the one the tasks were added to (or `options.flow`). {@link merge} joins the branches.
 *
 * @example
 * ```ts
 * const kind = flow.add(detectKind, { file }); // Task<…, 'csv' | 'json'>
 * const csv = flow.add(parseCsv, { file });
 * const json = flow.add(parseJson, { file });
 * switchCase(kind, { csv, json });
 * flow.add(load, { rows: merge(csv, json) });
 * ```
 */
export function switchCase<V extends string | number>(
  value: Task<any, V>,
  cases: Cases<V>,
  options?: { flow?: Flow },
): void;
export function switchCase<V>(
  value: Task<any, V>,
  cases: ReadonlyMap<V, Task<any, unknown>>,
  options?: { flow?: Flow },
): void;
export function switchCase(
  value: Task<any, unknown>,
  cases: Readonly<Record<string, Task<any, unknown> | undefined>> | ReadonlyMap<unknown, Task<any, unknown>>,
  options: { flow?: Flow } = {},
): void {
  const entries =
    cases instanceof Map
      ? [...cases].map(([expected, branch]) => ({ expected, branch, byKey: false }))
      : Object.entries(cases)
          .filter((entry): entry is [string, Task<any, unknown>] => entry[1] !== undefined)
          .map(([expected, branch]) => ({ expected, branch, byKey: true }));
  if (entries.length === 0) {
    throw new ControlFlowError({
      construct: 'switchCase',
      tasks: [value.slug ?? value.name],
      message: 'it was given no cases; pass at least one branch, e.g. switchCase(kind, { csv: parseCsv })',
    });
  }
  const flow = wiringFlow('switchCase', [value, ...entries.map((e) => e.branch)], options.flow);
  for (const { expected, branch, byKey } of entries) {
    if (byKey) addGate(flow, value, branch, expected as string, sameKey);
    else addGate(flow, value, branch, expected);
  }
}

import type { Flow } from '../../flow/flow.js';
import type { Task } from '../task.js';
import { addGate } from './compare-value.js';
import { wiringFlow } from './wiring-flow.js';

const truthiness = (actual: unknown, expected: boolean) => Boolean(actual) === expected;

/**
 * Branches a flow on the result of `condition`: when it is truthy `whenTrue` runs and
 * `whenFalse` ends `Skipped`; otherwise the other way round. Tasks downstream of the skipped
 * branch are skipped too, unless they set `skipOnUpstreamSkip: false`; {@link merge} joins
 * the branches again. The flow is the one the tasks were added to (or `options.flow`).
 *
 * Each branch gets a gate (a `CompareValue` task) between `condition` and itself; other
 * upstream tasks of a branch run whichever way the condition goes.
 *
 * @example
 * ```ts
 * const big = flow.add(isBig, { n });
 * const shout = flow.add(loud, { n });
 * const whisper = flow.add(quiet, { n });
 * ifElse(big, shout, whisper);
 * flow.add(report, { message: merge(shout, whisper) });
 * ```
 */
export function ifElse(
  condition: Task<any, unknown>,
  whenTrue: Task<any, unknown>,
  whenFalse: Task<any, unknown>,
  options: { flow?: Flow } = {},
): void {
  const flow = wiringFlow('ifElse', [condition, whenTrue, whenFalse], options.flow);
  addGate(flow, condition, whenTrue, true, truthiness);
  addGate(flow, condition, whenFalse, false, truthiness);
}

import { ControlFlowError } from '../../errors/control-flow-error.js';
import { SkipSignal } from '../../errors/skip-signal.js';
import { Flow } from '../../flow/flow.js';
import { Task, type TaskOptions } from '../task.js';
import { wiringFlow } from './wiring-flow.js';

/** The result type of a task. */
export type ResultOf<T> = T extends Task<any, infer O> ? O : never;

const PREFIX = 'branch';
const position = (key: string) => Number(key.slice(PREFIX.length));

/**
 * Joins conditional branches: its result is the result of the first of its branches (in
 * the order given) that was not skipped. It runs when branches are skipped (it sets
 * `skipOnUpstreamSkip: false`) and ends `Skipped` itself only when every branch was.
 * Serialized as `@headwater/core:Merge`; made by {@link merge}.
 */
export class Merge<O = unknown> extends Task<Readonly<Record<string, O>>, O> {
  static override taskType = '@headwater/core:Merge';

  constructor(options: Omit<TaskOptions<Readonly<Record<string, O>>>, 'skipOnUpstreamSkip'> = {}) {
    super({ ...options, name: options.name ?? 'Merge', skipOnUpstreamSkip: false });
  }

  /** Skipped branches pass on no value, so the first input present is the first branch taken. */
  run(inputs: Readonly<Record<string, O>>): O {
    const taken = Object.keys(inputs)
      .filter((key) => key.startsWith(PREFIX))
      .sort((a, b) => position(a) - position(b));
    if (taken.length === 0) throw new SkipSignal('Every branch was skipped.');
    return inputs[taken[0]!] as O;
  }
}

/**
 * A task whose result is the result of the first of `branches` that was not skipped (see
 * `ifElse`, `switchCase`), typed as the union of the branches' results. It is added to the
 * flow the branches belong to (or to `flow`, given first); wire downstream tasks to it.
 *
 * @example
 * ```ts
 * ifElse(isBig, shout, whisper); // Task<…, string> and Task<…, number>
 * const said = merge(shout, whisper); // Merge<string | number>
 * flow.add(report, { message: said });
 * ```
 */
export function merge<const B extends readonly Task<any, unknown>[]>(
  ...branches: B
): Merge<ResultOf<B[number]>>;
export function merge<const B extends readonly Task<any, unknown>[]>(
  flow: Flow,
  ...branches: B
): Merge<ResultOf<B[number]>>;
export function merge(...args: readonly (Flow | Task<any, unknown>)[]): Merge<unknown> {
  const given = args[0] instanceof Flow ? args[0] : undefined;
  const branches = (given === undefined ? args : args.slice(1)) as Task<any, unknown>[];
  if (branches.length === 0) {
    throw new ControlFlowError({
      construct: 'merge',
      tasks: [],
      message: 'it was given no branches; pass the tasks to join, e.g. merge(whenTrue, whenFalse)',
    });
  }
  const flow = wiringFlow('merge', branches, given);
  const node = flow.addTask(new Merge());
  branches.forEach((branch, i) => {
    flow.addEdge(branch, node, { key: `${PREFIX}${i + 1}` });
  });
  return node;
}

import type { JsonValue } from '../contracts/json.js';
import type { State } from '../states/state.js';

/** What a trigger decides: run the task, fail it (`TriggerFailed`), or pause it for a manual resume. */
export type TriggerDecision = 'run' | 'fail' | 'pause';

/**
 * Decides from the states of a task's upstream tasks whether it runs. Serialized as a
 * function reference `{ fn, kwargs }`.
 *
 * @example
 * ```ts
 * task(cleanup, { trigger: triggers.allFinished });
 * task(report, { trigger: triggers.someSuccessful({ atLeast: 2 }) });
 * ```
 */
export interface Trigger {
  /** Qualified name, e.g. `headwater.triggers.allSuccessful`. */
  readonly fn: string;
  /** Arguments, snake_case keys (e.g. `{ at_least: 2, at_most: null }`). */
  readonly kwargs: Record<string, JsonValue>;
  /** `resumed` is true when the task was explicitly resumed (a `Resume` state). */
  evaluate(upstream: readonly State[], options: { resumed: boolean }): TriggerDecision;
}

const define = (
  name: string,
  test: (upstream: readonly State[], resumed: boolean) => TriggerDecision,
  kwargs: Record<string, JsonValue> = {},
): Trigger => ({
  fn: `headwater.triggers.${name}`,
  kwargs,
  evaluate: (upstream, { resumed }) => test(upstream, resumed),
});

const when = (ok: boolean): TriggerDecision => (ok ? 'run' : 'fail');

/** Runs when every upstream task succeeded (Skipped and Cached count as success). The default. */
export const allSuccessful: Trigger = define('allSuccessful', (states) =>
  when(states.every((s) => s.isSuccessful())),
);

/** Runs when every upstream task finished, whatever the outcome. */
export const allFinished: Trigger = define('allFinished', (states) =>
  when(states.every((s) => s.isFinished())),
);

/** Always runs once upstream tasks finished (same as `allFinished`). */
export const alwaysRun: Trigger = define('alwaysRun', (states) => when(states.every((s) => s.isFinished())));

/** Runs only when every upstream task failed. */
export const allFailed: Trigger = define('allFailed', (states) => when(states.every((s) => s.isFailed())));

/** Runs when at least one upstream task succeeded (or there are none). */
export const anySuccessful: Trigger = define('anySuccessful', (states) =>
  when(states.length === 0 || states.some((s) => s.isSuccessful())),
);

/** Runs when at least one upstream task failed (or there are none). */
export const anyFailed: Trigger = define('anyFailed', (states) =>
  when(states.length === 0 || states.some((s) => s.isFailed())),
);

/** Pauses the task until it is resumed by hand. */
export const manualOnly: Trigger = define('manualOnly', (_states, resumed) => (resumed ? 'run' : 'pause'));

/**
 * Bounds for {@link someSuccessful} / {@link someFailed}. A value in (0, 1) is a fraction of
 * the upstream tasks, a value ≥ 1 a count.
 */
export interface SomeBounds {
  atLeast?: number;
  atMost?: number;
}

const some = (name: string, matches: (s: State) => boolean, { atLeast, atMost }: SomeBounds): Trigger =>
  define(
    name,
    (states) => {
      const count = states.filter(matches).length;
      const bound = (n: number) => (n > 0 && n < 1 ? n * states.length : n);
      if (atLeast !== undefined && count < bound(atLeast)) return 'fail';
      if (atMost !== undefined && count > bound(atMost)) return 'fail';
      return 'run';
    },
    { at_least: atLeast ?? null, at_most: atMost ?? null },
  );

/** Runs when the number (or fraction) of successful upstream tasks is within bounds. */
export const someSuccessful = (bounds: SomeBounds): Trigger =>
  some('someSuccessful', (s) => s.isSuccessful(), bounds);

/** Runs when the number (or fraction) of failed upstream tasks is within bounds. */
export const someFailed = (bounds: SomeBounds): Trigger => some('someFailed', (s) => s.isFailed(), bounds);

const pythonNames: Record<string, string> = {
  all_successful: 'allSuccessful',
  all_finished: 'allFinished',
  always_run: 'alwaysRun',
  all_failed: 'allFailed',
  any_successful: 'anySuccessful',
  any_failed: 'anyFailed',
  manual_only: 'manualOnly',
  some_successful: 'someSuccessful',
  some_failed: 'someFailed',
};

const byName: Record<string, (kwargs: Record<string, JsonValue>) => Trigger> = {
  allSuccessful: () => allSuccessful,
  allFinished: () => allFinished,
  alwaysRun: () => alwaysRun,
  allFailed: () => allFailed,
  anySuccessful: () => anySuccessful,
  anyFailed: () => anyFailed,
  manualOnly: () => manualOnly,
  someSuccessful: (kw) => someSuccessful(boundsFrom(kw)),
  someFailed: (kw) => someFailed(boundsFrom(kw)),
};

const boundsFrom = (kwargs: Record<string, JsonValue>): SomeBounds => ({
  ...(typeof kwargs.at_least === 'number' ? { atLeast: kwargs.at_least } : {}),
  ...(typeof kwargs.at_most === 'number' ? { atMost: kwargs.at_most } : {}),
});

/**
 * The trigger a function reference names (`headwater.triggers.*`, or the original Python
 * `prefect.triggers.*`), or `undefined` when it is not one of the built-ins.
 */
export function triggerFromReference(fn: string, kwargs: Record<string, JsonValue>): Trigger | undefined {
  const short = fn.startsWith('headwater.triggers.')
    ? fn.slice('headwater.triggers.'.length)
    : fn.startsWith('prefect.triggers.')
      ? pythonNames[fn.slice('prefect.triggers.'.length)]
      : undefined;
  const make = short === undefined ? undefined : byName[short];
  return make?.(kwargs);
}

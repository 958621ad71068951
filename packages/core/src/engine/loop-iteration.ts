import type { JsonObject } from '../contracts/json.js';
import { decodeResult, encodeResult } from '../results/result-codec.js';
import { Failed, Looped, type State } from '../states/state.js';
import { readResult } from './read-result.js';

/** Where a looping task run stands: the iteration about to run and the payload it reads. */
export interface LoopIteration {
  /** 1 for the first iteration. */
  readonly count: number;
  /** The `result` of the last `LoopSignal`; `undefined` for the first iteration. */
  readonly payload: unknown;
}

const FIRST: LoopIteration = { count: 1, payload: undefined };

/**
 * The iteration a task run starts with: the first; the one after a `Looped` state it resumes
 * from; or the one a `Retrying` state retries (see {@link retriedIteration}).
 */
export function loopFrom(state: State): LoopIteration | Promise<LoopIteration> {
  if (state instanceof Looped)
    return readResult(state).then((payload) => ({ count: state.loopCount + 1, payload }));
  const count = state.isRetrying() ? state.context?.loop_count : undefined;
  if (typeof count !== 'number') return FIRST;
  return { count, payload: decodeResult(state.context?.loop_payload) };
}

/**
 * The context of a `Retrying` state for iteration `loop`, so a process that resumes the
 * retry goes on with the same iteration and payload; `null` for the first iteration (or a
 * payload that cannot be stored, which the `Looped` state's checkpoint already refused).
 */
export function retriedIteration(loop: LoopIteration): JsonObject | null {
  if (loop.count === 1) return null;
  try {
    return { loop_count: loop.count, loop_payload: encodeResult(loop.payload, 'loopPayload') };
  } catch {
    return null;
  }
}

/**
 * The state that ends iteration `loop.count` of a task that threw a `LoopSignal`: `Looped`
 * numbered with the iteration, or `Failed` when the task already looped `maxLoops` times.
 */
export function endIteration(
  outcome: State,
  loop: LoopIteration,
  task: { name: string; maxLoops: number },
): State {
  if (loop.count > task.maxLoops) {
    return new Failed({
      message: `Task "${task.name}" asked to loop again after ${task.maxLoops} loops, its limit (maxLoops: ${task.maxLoops}); check the condition that ends its loop, or raise maxLoops if it needs more iterations.`,
    });
  }
  return new Looped({
    message: outcome.message ?? `Task looped (iteration ${loop.count}).`,
    loopCount: loop.count,
    result: outcome.result,
  });
}

/** The iteration after the `Looped` state `looped`. */
export function nextIteration(looped: Looped): LoopIteration {
  return { count: looped.loopCount + 1, payload: looped.result };
}

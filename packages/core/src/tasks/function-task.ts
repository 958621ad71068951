import { Task, type TaskOptions } from './task.js';
import type { TaskRunContext } from './task-run-context.js';

/** A task function: keyword inputs as one object, the run context second. */
export type TaskFunction<I extends object, O> = (inputs: I, context: TaskRunContext) => O | Promise<O>;

/** A task made from a function with {@link task}. */
export class FunctionTask<I extends object, O> extends Task<I, O> {
  static override taskType = 'headwater.FunctionTask';
  readonly fn: TaskFunction<I, O>;

  constructor(fn: TaskFunction<I, O>, options: TaskOptions<I> = {}) {
    super({ ...options, name: options.name ?? (fn.name || 'task') });
    this.fn = fn;
  }

  run(inputs: I, context: TaskRunContext): O | Promise<O> {
    return this.fn(inputs, context);
  }
}

/**
 * Makes a task from a function. The function takes its keyword inputs as one object, so
 * wiring it into a flow is checked against that object's type.
 *
 * @example
 * ```ts
 * const extract = task(async ({ url }: { url: string }, { signal }) => (await fetch(url, { signal })).json(), {
 *   name: 'extract',
 *   maxRetries: 3,
 *   retryDelay: 10_000,
 * });
 * const flow = new Flow('etl');
 * const url = flow.add(new Parameter('url', { default: 'http://127.0.0.1:8080/data' }));
 * flow.add(extract, { url });
 * ```
 */
export function task<I extends object = {}, O = unknown>(
  fn: TaskFunction<I, O>,
  options: TaskOptions<I> = {},
): FunctionTask<I, O> {
  return new FunctionTask(fn, options);
}

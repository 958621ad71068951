import { HeadwaterError } from '../errors/headwater-error.js';
import { isLoadingFlows } from '../flow/loading-flows.js';
import type { Task } from '../tasks/task.js';
import type { TaskThreadTarget } from './task-thread.js';

/**
 * Where a task runs: `'thread'` in a worker thread of its own, which a time limit
 * terminates (synchronous code included); `'none'` in the run's thread, where a time limit
 * aborts the task's signal and abandons its promise; `'auto'` a thread when that is safe
 * (see {@link threadTarget}), else the run's thread.
 */
export type TaskIsolation = 'auto' | 'thread' | 'none';

const isAsyncFunction = (fn: unknown) =>
  typeof fn === 'function' &&
  (fn.constructor?.name === 'AsyncFunction' || fn.constructor?.name === 'AsyncGeneratorFunction');

/**
 * `'auto'` means a thread only where nothing changes for the task but being stoppable: it
 * has a timeout, Headwater loaded its flow's module (a deployed run: importing the module
 * again has no side effects, as the health check shows) and it is a plain, not `async`,
 * function task (async code can honour its signal; it may also share connections or
 * caches with other tasks, which a thread would not see).
 */
function autoThread(task: Task<any, unknown>): boolean {
  return (
    task.timeout !== null &&
    isLoadingFlows() &&
    'fn' in task &&
    typeof task.fn === 'function' &&
    !isAsyncFunction(task.fn)
  );
}

/**
 * Where `task` runs in a thread (its flow's module, its flow and its slug), or `undefined`
 * when it runs in the run's thread. A task that asks for a thread in a flow whose module
 * is unknown is a {@link HeadwaterError} saying what to do.
 */
export function threadTarget(
  task: Task<any, unknown>,
  flowName: string,
  flowModule: string | undefined,
): TaskThreadTarget | undefined {
  const isolation = task.isolation;
  if (isolation === 'none' || (isolation === 'auto' && !autoThread(task))) return undefined;
  if (flowModule === undefined || task.slug === undefined) {
    if (isolation === 'auto') return undefined;
    throw new HeadwaterError({
      code: 'TASK_THREAD_NO_MODULE',
      message: `Task "${task.name}" asks for isolation: 'thread', but the module of flow "${flowName}" is unknown, so a thread cannot load the task: create the flow with new Flow("${flowName}", { module: import.meta.url }) and export it.`,
    });
  }
  return { module: flowModule, flowName, taskSlug: task.slug };
}

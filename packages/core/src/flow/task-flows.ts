import type { Task } from '../tasks/task.js';
import type { Flow } from './flow.js';

/**
 * The flows each task was added to, with when (a counter), so control-flow helpers can
 * find the flow to wire into: the one its tasks were last added to.
 */
const flowsByTask = new WeakMap<Task<any, unknown>, Map<Flow, number>>();
let sequence = 0;

/** Records that `task` was added to `flow`. */
export function recordTaskFlow(task: Task<any, unknown>, flow: Flow): void {
  sequence += 1;
  const flows = flowsByTask.get(task);
  if (flows === undefined) flowsByTask.set(task, new Map([[flow, sequence]]));
  else flows.set(flow, sequence);
}

/** The flows `task` was added to, each with when it was added (higher is later). */
export function flowsOf(task: Task<any, unknown>): ReadonlyMap<Flow, number> {
  return flowsByTask.get(task) ?? new Map();
}

import { ControlFlowError } from '../../errors/control-flow-error.js';
import type { Flow } from '../../flow/flow.js';
import { flowsOf } from '../../flow/task-flows.js';
import type { Task } from '../task.js';

const label = (task: Task<any, unknown>) => task.slug ?? task.name;

/**
 * The flow a branching helper wires into: `given`, else, of the flows holding every task
 * that was already added somewhere, the one a task was last added to (the flow being built).
 */
export function wiringFlow(construct: string, tasks: readonly Task<any, unknown>[], given?: Flow): Flow {
  if (given !== undefined) return given;
  let shared: Map<Flow, number> | undefined;
  for (const task of tasks) {
    const flows = flowsOf(task);
    if (flows.size === 0) continue;
    const next = new Map<Flow, number>();
    for (const [flow, when] of flows) {
      if (shared === undefined || shared.has(flow)) next.set(flow, Math.max(when, shared?.get(flow) ?? 0));
    }
    shared = next;
  }
  const names = tasks.map(label);
  if (shared === undefined) {
    throw new ControlFlowError({
      construct,
      tasks: names,
      message: `none of its tasks (${names.join(', ')}) belongs to a flow yet; add them with flow.add(...) first, or pass the flow`,
    });
  }
  const latest = [...shared].sort((a, b) => b[1] - a[1])[0];
  if (latest === undefined) {
    throw new ControlFlowError({
      construct,
      tasks: names,
      message: `its tasks (${names.join(', ')}) are not all in one flow; add them to the same flow, or pass the flow`,
    });
  }
  return latest[0];
}

import type { Edge } from '../flow/edge.js';
import type { Flow } from '../flow/flow.js';
import type { Task } from '../tasks/task.js';

/**
 * A flow's graph by position, for the engine's bookkeeping: tasks in dependency order and,
 * per task, its edges and the positions of the tasks at their ends. A run counts and stores
 * by position in arrays instead of maps keyed by task, which was most of its cost per task.
 */
export interface RunPlan {
  /** The flow's tasks in dependency order. */
  readonly tasks: readonly Task<any, unknown>[];
  /** Edges into each task. */
  readonly edgesTo: readonly (readonly Edge[])[];
  /** Position of the upstream task of each edge in `edgesTo`. */
  readonly upstreamAt: readonly Int32Array[];
  /** Positions of the downstream tasks of each task's outgoing edges (once per edge). */
  readonly downstreamAt: readonly Int32Array[];
  /** How many edges lead into each task. */
  readonly incoming: Int32Array;
  /** Whether a task is mapped over one of its inputs. */
  readonly mapped: Uint8Array;
  /** The flow's size and edge count when planned: a flow only grows, so these tell a stale plan. */
  readonly size: number;
  readonly edgeCount: number;
}

/** True while `plan` still describes `flow` (tasks and edges are only ever added). */
export const isCurrentPlan = (plan: RunPlan | undefined, flow: Flow): plan is RunPlan =>
  plan !== undefined && plan.size === flow.size && plan.edgeCount === flow.edges.length;

/** Plans `flow` (throws on a cycle, as `sortedTasks` does). */
export function planRun(flow: Flow): RunPlan {
  const tasks = flow.sortedTasks();
  const at = new Map<Task<any, unknown>, number>();
  for (let i = 0; i < tasks.length; i += 1) at.set(tasks[i]!, i);
  const edgesTo = tasks.map((task) => flow.edgesTo(task));
  const incoming = Int32Array.from(edgesTo, (edges) => edges.length);
  const mapped = Uint8Array.from(edgesTo, (edges) => (edges.some((edge) => edge.mapped) ? 1 : 0));
  return {
    tasks,
    edgesTo,
    upstreamAt: edgesTo.map((edges) => Int32Array.from(edges, (edge) => at.get(edge.upstream)!)),
    downstreamAt: tasks.map((task) =>
      Int32Array.from(flow.edgesFrom(task), (edge) => at.get(edge.downstream)!),
    ),
    incoming,
    mapped,
    size: flow.size,
    edgeCount: flow.edges.length,
  };
}

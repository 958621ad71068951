import type { TaskStates } from '../engine/flow-runner.js';
import type { Flow } from '../flow/flow.js';
import type { StateType } from '../states/state-hierarchy.js';
import { Constant } from '../tasks/constant.js';
import { Parameter } from '../tasks/parameter.js';

/** One task of a {@link FlowGraph}. */
export interface FlowGraphNode {
  /** `t0`, `t1`, … in dependency order. */
  id: string;
  /** The task's name; a constant's value. */
  label: string;
  kind: 'task' | 'parameter' | 'constant';
  /** The task's state in the run given, when there is one. */
  state?: StateType;
}

/** One edge of a {@link FlowGraph}. */
export interface FlowGraphEdge {
  from: string;
  to: string;
  /** The downstream task's input fed by this edge; none for a pure state dependency. */
  key: string | null;
  /** The downstream task is mapped over this input. */
  mapped: boolean;
}

/** A flow's tasks and edges, independent of how they are drawn. */
export interface FlowGraph {
  nodes: FlowGraphNode[];
  edges: FlowGraphEdge[];
}

const MAX_CONSTANT_LABEL = 40;

function constantLabel(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > MAX_CONSTANT_LABEL ? `${text.slice(0, MAX_CONSTANT_LABEL - 1)}…` : text;
}

/**
 * The graph `flow.visualize` draws: every task in dependency order, every edge, and each
 * task's state when `taskStates` (a finished run's `state.result`) is given.
 */
export function flowGraph(flow: Flow, taskStates?: TaskStates): FlowGraph {
  const ids = new Map(flow.sortedTasks().map((task, index) => [task, `t${index}`]));
  const nodes = [...ids].map(([task, id]): FlowGraphNode => {
    const state = taskStates?.get(task)?.type;
    const kind = task instanceof Parameter ? 'parameter' : task instanceof Constant ? 'constant' : 'task';
    const label = task instanceof Constant ? constantLabel(task.value) : task.name;
    return { id, label, kind, ...(state === undefined ? {} : { state }) };
  });
  const edges = flow.edges.map((edge) => ({
    from: ids.get(edge.upstream)!,
    to: ids.get(edge.downstream)!,
    key: edge.key,
    mapped: edge.mapped,
  }));
  return { nodes, edges };
}

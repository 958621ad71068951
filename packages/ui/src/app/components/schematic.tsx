import { type KeyboardEvent, useMemo } from 'react';
import type { Edge, Task, TaskRun } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { layoutGraph } from '../lib/graph-layout.js';
import { ZoomPan } from './zoom-pan.js';

interface NodeStatus {
  state: string;
  detail?: string;
}

/**
 * Summarises a task's runs for its node: the parent run's state, and for mapped tasks how many
 * children finished well.
 */
function statusOf(
  taskRuns: readonly TaskRun[],
  isSuccess: (state: string) => boolean,
): NodeStatus | undefined {
  const parent = taskRuns.find((run) => run.mapIndex === -1);
  const children = taskRuns.filter((run) => run.mapIndex >= 0);
  if (!parent && children.length === 0) return undefined;
  const state = parent?.state ?? children[0]?.state ?? 'Pending';
  if (children.length === 0) return { state };
  const done = children.filter((run) => isSuccess(run.state)).length;
  return { state, detail: `${done}/${children.length} mapped succeeded` };
}

/** The task run a node opens: the task's own run, or for a mapped task its first child. */
function runOfNode(taskRuns: readonly TaskRun[]): TaskRun | undefined {
  return taskRuns.find((run) => run.mapIndex === -1) ?? taskRuns[0];
}

/**
 * The flow's task graph drawn left to right, zoomable and pannable. With `taskRuns`, every node
 * is coloured by its task run's state, and with `onOpen` a node with a run is a button that opens
 * it. A plain list of the same information is available to screen readers.
 */
export function Schematic({
  tasks,
  edges,
  taskRuns,
  onOpen,
}: {
  tasks: readonly Task[];
  edges: readonly Edge[];
  taskRuns?: readonly TaskRun[];
  onOpen?(taskRunId: string): void;
}) {
  const { states } = useSession();
  const graph = useMemo(
    () =>
      layoutGraph(
        tasks.map((task) => ({ id: task.id, label: task.name })),
        edges.map((edge) => ({
          id: edge.id,
          from: edge.upstreamTaskId,
          to: edge.downstreamTaskId,
          label: edge.key,
        })),
      ),
    [tasks, edges],
  );
  const runsByTask = useMemo(() => {
    const map = new Map<string, TaskRun[]>();
    for (const run of taskRuns ?? []) {
      const runs = map.get(run.taskId);
      if (runs) runs.push(run);
      else map.set(run.taskId, [run]);
    }
    return map;
  }, [taskRuns]);
  const mappedEdges = new Set(edges.filter((edge) => edge.mapped).map((edge) => edge.id));
  const taskById = new Map(tasks.map((task) => [task.id, task]));

  return (
    <figure className="schematic" style={{ margin: 0 }} data-testid="schematic">
      <ZoomPan width={graph.width} height={graph.height} label="task graph">
        {(zoom) => (
          <svg
            width={graph.width * zoom}
            height={graph.height * zoom}
            viewBox={`0 0 ${graph.width} ${graph.height}`}
            role={onOpen ? 'group' : 'img'}
            aria-label={`Task graph: ${tasks.length} tasks, ${edges.length} dependencies`}
          >
            <defs>
              <marker
                id="arrow"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0,0 L10,5 L0,10 z" fill="#8b99a8" />
              </marker>
            </defs>
            {graph.edges.map((edge) => {
              const [first, ...rest] = edge.points;
              if (!first) return null;
              const path = `M${first.x},${first.y} ${rest.map((point) => `L${point.x},${point.y}`).join(' ')}`;
              const middle = edge.points[Math.floor(edge.points.length / 2)] ?? first;
              return (
                <g key={edge.id}>
                  <path
                    d={path}
                    className={`schematic-edge${mappedEdges.has(edge.id) ? ' is-mapped' : ''}`}
                    markerEnd="url(#arrow)"
                  />
                  {edge.label && (
                    <text x={middle.x} y={middle.y - 5} textAnchor="middle" className="schematic-edge-label">
                      {edge.label}
                    </text>
                  )}
                </g>
              );
            })}
            {graph.nodes.map((node) => {
              const status = statusOf(runsByTask.get(node.id) ?? [], (state) => states.isA(state, 'Success'));
              const task = taskById.get(node.id);
              const tone = status ? states.tone(status.state) : undefined;
              const detail = status ? (status.detail ?? status.state) : describeTask(task);
              const opens = onOpen ? runOfNode(runsByTask.get(node.id) ?? []) : undefined;
              const open = () => opens && onOpen?.(opens.id);
              return (
                <g
                  key={node.id}
                  className={`schematic-node${status ? ' has-state' : ''}${tone ? ` tone-${tone}` : ''}${opens ? ' is-link' : ''}`}
                  transform={`translate(${node.x},${node.y})`}
                  data-task={task?.slug}
                  data-state={status?.state}
                  {...(opens
                    ? {
                        role: 'button',
                        tabIndex: 0,
                        'aria-label': `Open task run ${node.label}${status ? `, ${status.state}` : ''}`,
                        onClick: open,
                        onKeyDown: (event: KeyboardEvent) => {
                          if (event.key !== 'Enter' && event.key !== ' ') return;
                          event.preventDefault();
                          open();
                        },
                      }
                    : {})}
                >
                  <title>{`${node.label}${status ? ` — ${status.state}` : ''}`}</title>
                  <rect className="node-box" width={node.width} height={node.height} rx={8} />
                  <rect className="node-bar" width={5} height={node.height - 12} x={7} y={6} rx={2} />
                  <text x={20} y={22} className="node-name">
                    {truncate(node.label, Math.floor((node.width - 28) / 7.4))}
                  </text>
                  <text x={20} y={39} className="node-detail">
                    {truncate(detail, Math.floor((node.width - 28) / 6.5))}
                  </text>
                </g>
              );
            })}
          </svg>
        )}
      </ZoomPan>
      <figcaption className="visually-hidden">
        <ul>
          {tasks.map((task) => {
            const status = statusOf(runsByTask.get(task.id) ?? [], (state) => states.isA(state, 'Success'));
            return <li key={task.id}>{`${task.name}${status ? `: ${status.state}` : ''}`}</li>;
          })}
        </ul>
      </figcaption>
    </figure>
  );
}

function describeTask(task: Task | undefined): string {
  if (!task) return '';
  if (task.type?.endsWith('Parameter')) return 'parameter';
  return task.mapped ? `${task.slug} (mapped)` : task.slug;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

import { Graph, layout } from '@dagrejs/dagre';

export interface LayoutInputNode {
  id: string;
  label: string;
}

export interface LayoutInputEdge {
  id: string;
  from: string;
  to: string;
  label?: string | null;
}

export interface PositionedNode extends LayoutInputNode {
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PositionedEdge extends LayoutInputEdge {
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  nodes: PositionedNode[];
  edges: PositionedEdge[];
  width: number;
  height: number;
}

/** Sizes of a node box: wide enough for its label at the schematic's font size. */
const NODE_HEIGHT = 52;
const CHAR_WIDTH = 7.4;
const MIN_WIDTH = 120;
const MAX_WIDTH = 260;

/**
 * Lays a task graph out in layers, left to right, with dagre. Edges whose ends are not nodes are
 * dropped rather than failing the drawing.
 */
export function layoutGraph(
  nodes: readonly LayoutInputNode[],
  edges: readonly LayoutInputEdge[],
  direction: 'LR' | 'TB' = 'LR',
): GraphLayout {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: direction, nodesep: 24, ranksep: 56, edgesep: 12, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, node.label.length * CHAR_WIDTH + 48));
    graph.setNode(node.id, { width, height: NODE_HEIGHT });
  }
  const known = new Set(nodes.map((node) => node.id));
  const kept = edges.filter((edge) => known.has(edge.from) && known.has(edge.to));
  for (const edge of kept) graph.setEdge(edge.from, edge.to, {}, edge.id);
  layout(graph);
  const positioned = nodes.map((node) => {
    const box = graph.node(node.id) as { x: number; y: number; width: number; height: number };
    return {
      ...node,
      x: box.x - box.width / 2,
      y: box.y - box.height / 2,
      width: box.width,
      height: box.height,
    };
  });
  const routed = kept.map((edge) => {
    const route = graph.edge({ v: edge.from, w: edge.to, name: edge.id }) as {
      points?: { x: number; y: number }[];
    };
    return { ...edge, points: route.points ?? [] };
  });
  const size = graph.graph() as { width?: number; height?: number };
  return { nodes: positioned, edges: routed, width: size.width ?? 0, height: size.height ?? 0 };
}

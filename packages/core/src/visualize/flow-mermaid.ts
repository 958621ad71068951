import type { FlowGraph, FlowGraphNode } from './flow-graph.js';
import { stateColor } from './state-colors.js';

/** Characters Mermaid would read as syntax inside a quoted label, as its entity codes. */
const escapeLabel = (text: string) =>
  text.replace(/[#"<>|]/g, (c) => `#${c.charCodeAt(0)};`).replace(/\r?\n/g, ' ');

const SHAPES: Record<FlowGraphNode['kind'], (label: string) => string> = {
  task: (label) => `["${label}"]`,
  parameter: (label) => `(["${label}"])`,
  constant: (label) => `[/"${label}"/]`,
};

/**
 * A flow graph as a Mermaid `flowchart`: tasks as boxes (parameters rounded, constants
 * slanted), edges labelled with the input they feed, mapped edges dotted, and tasks
 * coloured by state when states are given.
 */
export function flowMermaid(graph: FlowGraph, direction: 'TD' | 'LR'): string {
  const lines = [`flowchart ${direction}`];
  for (const node of graph.nodes) lines.push(`  ${node.id}${SHAPES[node.kind](escapeLabel(node.label))}`);
  for (const edge of graph.edges) {
    const arrow = edge.mapped ? '-.->' : '-->';
    const label =
      edge.key === null ? '' : `|"${escapeLabel(edge.mapped ? `${edge.key} (mapped)` : edge.key)}"|`;
    lines.push(`  ${edge.from} ${arrow}${label} ${edge.to}`);
  }
  const byState = new Map<string, FlowGraphNode[]>();
  for (const node of graph.nodes) {
    if (node.state !== undefined) byState.set(node.state, [...(byState.get(node.state) ?? []), node]);
  }
  for (const [state, nodes] of byState) {
    const { fill, text } = stateColor(nodes[0]!.state!);
    lines.push(`  classDef ${state} fill:${fill},stroke:#333,color:${text}`);
    lines.push(`  class ${nodes.map((n) => n.id).join(',')} ${state}`);
  }
  return `${lines.join('\n')}\n`;
}

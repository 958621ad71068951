import { importPackage } from '../plugins/import-package.js';
import type { FlowGraph } from './flow-graph.js';
import { stateColor } from './state-colors.js';

/** The part of `@viz-js/viz` used here. */
interface Viz {
  renderString(graph: object, options: { format: 'svg' }): string;
}

const SHAPES = { task: 'box', parameter: 'ellipse', constant: 'parallelogram' } as const;

/**
 * A flow graph as SVG, laid out and drawn by Graphviz compiled to WebAssembly
 * (`@viz-js/viz`, an optional peer dependency imported only here). Graphviz is what the
 * original's `flow.visualize` drew with; this build of it is a self-contained npm package
 * (no browser, no native binary, nothing downloaded at run time), where a Mermaid renderer
 * would need a headless browser. Throws `MissingPackageError` with the install command when
 * it is not installed.
 */
export async function flowSvg(
  graph: FlowGraph,
  direction: 'TD' | 'LR',
  from: readonly string[],
): Promise<string> {
  const { instance } = (await importPackage('@viz-js/viz', 'Writing SVG with flow.visualize({ svg })', {
    from,
  })) as { instance: () => Promise<Viz> };
  const viz = await instance();
  return viz.renderString(
    {
      directed: true,
      graphAttributes: { rankdir: direction === 'LR' ? 'LR' : 'TB' },
      nodeAttributes: { fontname: 'Helvetica', style: 'rounded,filled', fillcolor: '#ffffff' },
      edgeAttributes: { fontname: 'Helvetica', fontsize: 10 },
      nodes: graph.nodes.map((node) => {
        const color = node.state === undefined ? undefined : stateColor(node.state);
        return {
          name: node.id,
          attributes: {
            label: node.label,
            shape: SHAPES[node.kind],
            ...(color === undefined ? {} : { fillcolor: color.fill, fontcolor: color.text }),
          },
        };
      }),
      edges: graph.edges.map((edge) => ({
        tail: edge.from,
        head: edge.to,
        attributes: {
          ...(edge.key === null ? {} : { label: edge.mapped ? `${edge.key} (mapped)` : edge.key }),
          ...(edge.mapped ? { style: 'dashed' } : {}),
        },
      })),
    },
    { format: 'svg' },
  );
}

import { describe, expect, it } from 'vitest';
import { layoutGraph } from './graph-layout.js';

describe('layoutGraph', () => {
  it('puts every task after its upstream tasks, left to right', () => {
    const layout = layoutGraph(
      [
        { id: 'extract', label: 'extract' },
        { id: 'transform', label: 'transform' },
        { id: 'load', label: 'load' },
        { id: 'report', label: 'report' },
      ],
      [
        { id: 'e1', from: 'extract', to: 'transform' },
        { id: 'e2', from: 'transform', to: 'load' },
        { id: 'e3', from: 'extract', to: 'report' },
      ],
    );
    const x = Object.fromEntries(layout.nodes.map((node) => [node.id, node.x]));
    expect(x.extract).toBeLessThan(x.transform!);
    expect(x.transform).toBeLessThan(x.load!);
    expect(x.extract).toBeLessThan(x.report!);
    expect(layout.edges).toHaveLength(3);
    for (const edge of layout.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2);
    expect(layout.width).toBeGreaterThan(0);
  });

  it('drops edges that point at unknown tasks instead of failing', () => {
    const layout = layoutGraph([{ id: 'a', label: 'a' }], [{ id: 'e', from: 'a', to: 'missing' }]);
    expect(layout.nodes).toHaveLength(1);
    expect(layout.edges).toHaveLength(0);
  });
});

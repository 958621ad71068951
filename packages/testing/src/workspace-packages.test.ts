import { describe, expect, it } from 'vitest';
import {
  findDependencyCycles,
  formatCycle,
  readWorkspacePackages,
  type WorkspaceEdge,
  workspaceEdges,
} from './workspace-packages.js';

const packages = readWorkspacePackages();

describe('the workspace packages', () => {
  it('are all found (the root, packages/*, apps/*, examples/*)', () => {
    const names = packages.map((p) => p.name);
    expect(names).toContain('headwater-monorepo');
    expect(names).toContain('@headwater/core');
    expect(names).toContain('@headwater/ui');
    expect(names).toContain('headwater');
    expect(names).toContain('headwater-example-etl');
    expect(new Set(names).size).toBe(names.length);
  });

  it('depend on each other one way: no cycle through dependencies and devDependencies', () => {
    const cycles = findDependencyCycles(workspaceEdges(packages));
    const message = [
      'Workspace packages depend on each other in a cycle (pnpm and turbo then cannot order them).',
      'Move the tests or benchmarks that need the packages above into packages/e2e or bench/ instead:',
      ...cycles.map((cycle) => `  ${formatCycle(cycle)}`),
    ].join('\n');
    expect(cycles, message).toEqual([]);
  });

  it('all declare engines.node >=22.12', () => {
    const engines = Object.fromEntries(packages.map((p) => [p.dir, p.manifest.engines?.node]));
    expect(engines).toEqual(Object.fromEntries(packages.map((p) => [p.dir, '>=22.12'])));
  });
});

describe('findDependencyCycles', () => {
  const edge = (from: string, to: string, field: WorkspaceEdge['field'] = 'dependencies'): WorkspaceEdge => ({
    from,
    to,
    field,
  });

  it('finds nothing in a graph that points one way', () => {
    expect(
      findDependencyCycles([edge('cli', 'server'), edge('server', 'core'), edge('cli', 'core')]),
    ).toEqual([]);
  });

  it('names each cycle once, devDependencies included', () => {
    const cycles = findDependencyCycles([
      edge('server', 'ui'),
      edge('ui', 'client', 'devDependencies'),
      edge('client', 'server', 'devDependencies'),
      edge('ui', 'server', 'devDependencies'),
      edge('server', 'core'),
    ]);
    expect(cycles.map(formatCycle).sort()).toEqual([
      'client →(devDependencies) server →(dependencies) ui →(devDependencies) client',
      'server →(dependencies) ui →(devDependencies) server',
    ]);
  });

  it('finds a package that depends on itself', () => {
    expect(findDependencyCycles([edge('a', 'a', 'devDependencies')]).map(formatCycle)).toEqual([
      'a →(devDependencies) a',
    ]);
  });
});

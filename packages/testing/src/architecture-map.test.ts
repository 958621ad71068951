import { describe, expect, it } from 'vitest';
import { architectureProblems, readArchitectureMap } from './architecture-map.js';
import { readWorkspacePackages, workspaceEdges } from './workspace-packages.js';

describe('ARCHITECTURE.md, the map of the packages', () => {
  const map = readArchitectureMap();

  it('lists every package with its layer', () => {
    expect(map.find((row) => row.name === '@headwater/core')).toEqual({
      layer: 0,
      name: '@headwater/core',
      dependsOn: [],
    });
    expect(map.find((row) => row.name === 'headwater')?.dependsOn).toEqual(['@headwater/cli']);
  });

  it('is true: dependencies point down the layers (dev ones at most sideways) and each package depends on what the map says', () => {
    const packages = readWorkspacePackages().filter((p) => /^(packages|apps|bench)\b/.test(p.dir));
    const problems = architectureProblems(
      map,
      workspaceEdges(packages),
      packages.map((p) => p.name),
    );
    expect(problems, `Keep ARCHITECTURE.md true, or fix the dependency:\n${problems.join('\n')}`).toEqual([]);
  });

  it('finds an upward arrow, a sideways run-time arrow and a stale map', () => {
    const rows = [
      { layer: 0, name: 'core', dependsOn: [] },
      { layer: 1, name: 'client', dependsOn: ['core'] },
      { layer: 1, name: 'kit', dependsOn: ['core'] },
    ];
    expect(
      architectureProblems(
        rows,
        [
          { from: 'core', to: 'client', field: 'devDependencies' },
          { from: 'client', to: 'kit', field: 'dependencies' },
          { from: 'kit', to: 'client', field: 'devDependencies' },
          { from: 'kit', to: 'core', field: 'dependencies' },
        ],
        ['core', 'client', 'kit', 'stray'],
      ),
    ).toEqual([
      "stray is not in ARCHITECTURE.md's layer table",
      'core (layer 0) →(devDependencies) client (layer 1) points up',
      'client (layer 1) →(dependencies) kit (layer 1) points sideways',
      'client depends on kit, but ARCHITECTURE.md says core',
    ]);
  });
});

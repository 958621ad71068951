import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './test-env.js';
import type { WorkspaceEdge } from './workspace-packages.js';

/** One row of ARCHITECTURE.md's "Packages and layers" table. */
export interface MappedPackage {
  layer: number;
  name: string;
  /** The workspace packages it may depend on at run time; `undefined` when the map says `any`. */
  dependsOn: string[] | undefined;
}

/** A short name of the table (`core`, `storage-kit`, `cli`) as a package name. */
const packageName = (short: string) => (short.startsWith('@') ? short : `@headwater/${short}`);

/**
 * The rows of the layer table in ARCHITECTURE.md: `| layer | \`name\` … | owns | depends on |`.
 * In "depends on", `—` and `small libraries only` mean no workspace package, `any` means any.
 */
export function readArchitectureMap(root = repoRoot): MappedPackage[] {
  const text = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
  const rows: MappedPackage[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const layer = Number(cells[1]);
    const name = /^`([^`]+)`/.exec(cells[2] ?? '')?.[1];
    if (cells.length < 6 || !Number.isInteger(layer) || cells[1] === '' || !name) continue;
    const column = cells[4]!;
    const dependsOn =
      column === 'any'
        ? undefined
        : column === '—' || column === 'small libraries only'
          ? []
          : column.split(',').map((short) => packageName(short.trim()));
    rows.push({ layer, name, dependsOn });
  }
  return rows;
}

/** What is wrong with `edges` against the map: upward or sideways runtime arrows, upward dev arrows, a map out of date. */
export function architectureProblems(
  map: readonly MappedPackage[],
  edges: readonly WorkspaceEdge[],
  packages: readonly string[],
): string[] {
  const byName = new Map(map.map((row) => [row.name, row]));
  const problems = packages
    .filter((name) => !byName.has(name))
    .map((name) => `${name} is not in ARCHITECTURE.md's layer table`);
  for (const edge of edges) {
    const from = byName.get(edge.from);
    const to = byName.get(edge.to);
    if (!from || !to) continue;
    const dev = edge.field === 'devDependencies';
    if (to.layer > from.layer || (!dev && to.layer === from.layer && from.dependsOn !== undefined)) {
      problems.push(
        `${edge.from} (layer ${from.layer}) →(${edge.field}) ${edge.to} (layer ${to.layer}) points ${to.layer > from.layer ? 'up' : 'sideways'}`,
      );
    }
  }
  for (const row of map) {
    if (row.dependsOn === undefined || !packages.includes(row.name)) continue;
    const actual = edges
      .filter((edge) => edge.from === row.name && edge.field === 'dependencies')
      .map((edge) => edge.to)
      .sort();
    const mapped = [...row.dependsOn].sort();
    if (actual.join() !== mapped.join()) {
      problems.push(
        `${row.name} depends on ${actual.join(', ') || 'nothing of ours'}, but ARCHITECTURE.md says ${mapped.join(', ') || 'nothing'}`,
      );
    }
  }
  return problems;
}

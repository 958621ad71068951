import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './test-env.js';

/** The kinds of dependency that link one workspace package to another. */
export const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
] as const;

export type DependencyField = (typeof DEPENDENCY_FIELDS)[number];

/** One package of the workspace, as its package.json says. */
export interface WorkspacePackage {
  name: string;
  /** Relative to the repository root, e.g. `packages/core` (`.` for the root). */
  dir: string;
  manifest: Record<string, any>;
}

/** A dependency of one workspace package on another. */
export interface WorkspaceEdge {
  from: string;
  to: string;
  field: DependencyField;
}

/**
 * The root package and every package matched by the `packages:` globs of
 * `pnpm-workspace.yaml` (entries of the form `dir/*` or `dir`).
 */
export function readWorkspacePackages(root = repoRoot): WorkspacePackage[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split('\n')) {
    if (/^packages:\s*$/.test(line)) inPackages = true;
    else if (/^\S/.test(line)) inPackages = false;
    else if (inPackages) {
      const item = /^\s+-\s+['"]?([^'"#\s]+)['"]?/.exec(line);
      if (item) globs.push(item[1]!);
    }
  }
  const dirs = ['.'];
  for (const glob of globs) {
    if (glob.startsWith('!')) continue;
    if (glob.endsWith('/*')) {
      const parent = glob.slice(0, -2);
      if (!existsSync(join(root, parent))) continue;
      for (const entry of readdirSync(join(root, parent), { withFileTypes: true }).sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        if (entry.isDirectory() && existsSync(join(root, parent, entry.name, 'package.json'))) {
          dirs.push(`${parent}/${entry.name}`);
        }
      }
    } else if (!glob.includes('*')) {
      dirs.push(glob);
    } else {
      throw new Error(
        `pnpm-workspace.yaml: the glob ${glob} is not of the form dir/* (extend readWorkspacePackages)`,
      );
    }
  }
  return dirs.map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    return { name: String(manifest.name), dir, manifest };
  });
}

/** The dependencies between workspace packages, of every kind in `DEPENDENCY_FIELDS`. */
export function workspaceEdges(packages: readonly WorkspacePackage[]): WorkspaceEdge[] {
  const names = new Set(packages.map((p) => p.name));
  return packages.flatMap((p) =>
    DEPENDENCY_FIELDS.flatMap((field) =>
      Object.keys(p.manifest[field] ?? {})
        .filter((to) => names.has(to))
        .map((to) => ({ from: p.name, to, field })),
    ),
  );
}

/**
 * Every elementary cycle reachable in a depth-first walk, each once, as the edges around it
 * starting from its alphabetically first package. An empty list means the graph is acyclic.
 */
export function findDependencyCycles(edges: readonly WorkspaceEdge[]): WorkspaceEdge[][] {
  const out = new Map<string, WorkspaceEdge[]>();
  for (const edge of edges) {
    if (!out.has(edge.from)) out.set(edge.from, []);
    out.get(edge.from)!.push(edge);
  }
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const state = new Map<string, 'active' | 'done'>();
  const path: WorkspaceEdge[] = [];
  const cycles = new Map<string, WorkspaceEdge[]>();

  const visit = (node: string) => {
    state.set(node, 'active');
    for (const edge of out.get(node) ?? []) {
      const seen = state.get(edge.to);
      if (seen === 'active') {
        const start = path.findIndex((e) => e.from === edge.to);
        const cycle = [...(start === -1 ? [] : path.slice(start)), edge];
        const first = cycle.reduce((best, e, i) => (e.from < cycle[best]!.from ? i : best), 0);
        const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
        cycles.set(rotated.map((e) => `${e.from}>${e.field}`).join(' '), rotated);
      } else if (seen === undefined) {
        path.push(edge);
        visit(edge.to);
        path.pop();
      }
    }
    state.set(node, 'done');
  };
  for (const node of nodes) if (!state.has(node)) visit(node);
  return [...cycles.values()];
}

/** `a →(devDependencies) b →(dependencies) a`: a cycle as a reader follows it. */
export function formatCycle(cycle: readonly WorkspaceEdge[]): string {
  return [cycle[0]!.from, ...cycle.map((e) => `→(${e.field}) ${e.to}`)].join(' ');
}

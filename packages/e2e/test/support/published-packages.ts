import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@headwater/testing';
import type { PackedPackage } from './user-project.js';

/** A package as it is published: where it lives, what it depends on, what a user imports. */
export interface PublishedPackage extends PackedPackage {
  dependencies: readonly string[];
  peerDependencies: readonly string[];
  /** The specifiers a user imports: the name and every subpath of its published `exports`. */
  imports: readonly string[];
}

interface Manifest {
  name: string;
  private?: boolean;
  main?: string;
  bin?: string | Record<string, string>;
  exports?: Record<string, unknown>;
  publishConfig?: { exports?: Record<string, unknown> };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * Every package the workspace publishes (`packages/*` and `apps/*` that are not private), read
 * from their package.json files, so a new package or subpath is covered without editing a list.
 */
export function publishedPackages(): PublishedPackage[] {
  const found: PublishedPackage[] = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(repoRoot, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const directory = `${group}/${entry.name}`;
      let manifest: Manifest;
      try {
        manifest = JSON.parse(readFileSync(join(repoRoot, directory, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      if (manifest.private) continue;
      const exports = manifest.publishConfig?.exports ?? manifest.exports ?? {};
      const subpaths = Object.keys(exports).filter((key) => key !== './package.json' && !key.includes('*'));
      const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin ?? {})[0];
      found.push({
        name: manifest.name,
        directory,
        entry: (manifest.main ?? bin ?? 'package.json').replace(/^\.\//, ''),
        dependencies: Object.keys(manifest.dependencies ?? {}),
        peerDependencies: Object.keys(manifest.peerDependencies ?? {}),
        imports: subpaths.map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`)),
      });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

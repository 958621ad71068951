import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '@headwater/testing';

/** How a user's project declares its module system. */
export type ProjectLayout = 'esm' | 'commonjs' | 'no-package-json';

/**
 * A user's project in `directory` (outside the workspace): a package.json as `npm init -y`
 * writes it (`"type": "commonjs"`), one with `"type": "module"`, or none; the workspace's
 * built `@headwater/core` installed (linked) in node_modules, plus `files`.
 */
export function writeUserProject(
  directory: string,
  layout: ProjectLayout,
  files: Record<string, string> = {},
  options: { core?: boolean } = {},
): string {
  mkdirSync(directory, { recursive: true });
  if (layout !== 'no-package-json') {
    const type = layout === 'esm' ? 'module' : 'commonjs';
    writeFile(
      join(directory, 'package.json'),
      `${JSON.stringify({ name: 'user-project', version: '1.0.0', main: 'index.js', type }, null, 2)}\n`,
    );
  }
  if (options.core !== false) {
    mkdirSync(join(directory, 'node_modules', '@headwater'), { recursive: true });
    symlinkSync(join(repoRoot, 'packages', 'core'), join(directory, 'node_modules', '@headwater', 'core'));
  }
  for (const [file, content] of Object.entries(files)) writeFile(join(directory, file), content);
  return directory;
}

function writeFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** An installed npm package in node_modules: an ES module one or a CommonJS one. */
export function userPackage(name: string, kind: 'esm' | 'commonjs', source: string): Record<string, string> {
  return {
    [`node_modules/${name}/package.json`]: JSON.stringify({
      name,
      version: '1.0.0',
      ...(kind === 'esm' ? { type: 'module', exports: './index.js' } : { main: 'index.js' }),
    }),
    [`node_modules/${name}/index.js`]: source,
  };
}

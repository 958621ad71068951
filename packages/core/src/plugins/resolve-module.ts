import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleResolve } from 'import-meta-resolve';
import { nodeConditions } from './node-conditions.js';

/** The resolver's default conditions, plus those Node was started with. */
const conditions = () => new Set(['node', 'import', ...nodeConditions()]);

/**
 * Resolves `specifier` (a package name, with or without subpath) as Node's `import` would
 * from a module in each of `directories`, in order; the first hit wins. Resolves to the
 * module's `file:` URL, or `undefined` when no directory can see it. Node resolves only from
 * the importing module's location; this is what lets a global CLI or an agent load packages
 * installed in the user's project (pnpm's strict `node_modules` included).
 *
 * @example
 * ```ts
 * resolveModule('headwater-storage-cas', ['/home/me/etl', process.cwd()]);
 * // 'file:///home/me/etl/node_modules/headwater-storage-cas/dist/index.js'
 * ```
 */
export function resolveModule(specifier: string, directories: readonly string[]): string | undefined {
  const set = conditions();
  for (const directory of directories) {
    try {
      return moduleResolve(specifier, pathToFileURL(join(directory, 'noop.js')), set).href;
    } catch (error) {
      // Not visible from this directory: try the next one. Anything else (a package that
      // does not export the subpath, a broken package.json) is the answer.
      if ((error as { code?: unknown })?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  return undefined;
}

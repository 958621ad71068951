import { resolve } from 'node:path';

const first: string[] = [];
const last: string[] = [];

/**
 * The directories plugins and the Headwater runtime are resolved from, in order: the ones
 * added with `position: 'first'` (the directory of the flow file being deployed or run,
 * most recent first), the working directory (where an agent was started), then the ones
 * added with `position: 'last'` (the CLI's own install). Past all of them, a name resolves
 * from `@headwater/core`'s own location.
 */
export function pluginSearchPaths(): string[] {
  return [...new Set([...first, process.cwd(), ...last])];
}

/**
 * Adds a directory to {@link pluginSearchPaths}.
 *
 * @example
 * ```ts
 * addPluginSearchPath(dirname(flowFile));                        // the user's project first
 * addPluginSearchPath(import.meta.dirname, { position: 'last' }); // the CLI's install last
 * ```
 */
export function addPluginSearchPath(directory: string, options: { position?: 'first' | 'last' } = {}): void {
  const path = resolve(directory);
  const list = options.position === 'last' ? last : first;
  const at = list.indexOf(path);
  if (at !== -1) list.splice(at, 1);
  if (options.position === 'last') list.push(path);
  else list.unshift(path);
}

/** Forgets every added directory (tests). */
export function resetPluginSearchPaths(): void {
  first.length = 0;
  last.length = 0;
}

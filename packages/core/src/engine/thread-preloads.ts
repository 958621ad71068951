import { pathToFileURL } from 'node:url';
import { resolve } from 'import-meta-resolve';

/**
 * The modules this process preloaded with `--import` (e.g. `--import tsx`, how a
 * TypeScript flow runs without a build), resolved as Node resolved them, from the working
 * directory. Worker threads do not run preloads themselves, so a task's thread imports
 * these before the flow's module.
 */
export function threadPreloads(execArgv: readonly string[] = process.execArgv): string[] {
  const parent = pathToFileURL(`${process.cwd()}/`).href;
  const preloads: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const specifier =
      arg === '--import' ? execArgv[++i] : arg.startsWith('--import=') ? arg.slice(9) : undefined;
    if (specifier === undefined) continue;
    try {
      preloads.push(resolve(specifier, parent));
    } catch {
      // A preload that no longer resolves from here cannot be replayed; the thread goes without it.
    }
  }
  return preloads;
}

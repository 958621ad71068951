import { join } from 'node:path';
import type { ProcessLaunch } from '@headwater/core';
import { ENTRY_FILE } from './flow-manifest.js';

/**
 * The arguments of `node` that execute a flow run from a bundle's entry, as agents run it:
 * source maps on (stack traces in run logs name the flow's own files), then
 * `<entry> execute flow-run`.
 */
export function entryArguments(entry: string): string[] {
  return ['--enable-source-maps', entry, 'execute', 'flow-run'];
}

/**
 * How a process agent runs a flow from a bundle written into `directory` on its host: its
 * entry with the agent's Node, in that directory; warm processes allowed (the entry
 * understands `--standby`), and a rebuilt entry is never run by a process that loaded the old one.
 *
 * @example
 * ```ts
 * launch: async (flowName) => bundleProcessLaunch(dirname(stored.locationOf(flowName))),
 * ```
 */
export function bundleProcessLaunch(directory: string): ProcessLaunch {
  const entry = join(directory, ENTRY_FILE);
  return {
    kind: 'process',
    command: 'node',
    args: entryArguments(entry),
    cwd: directory,
    standby: true,
    stamp: entry,
  };
}

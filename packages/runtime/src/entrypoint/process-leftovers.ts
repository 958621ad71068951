import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Globals Node itself adds the first time a feature is used (the `fetch` dispatcher): a run
 * that used the feature leaves nothing of its own there.
 */
const NODE_LAZY_GLOBALS = new Set<string | symbol>([Symbol.for('undici.globalDispatcher.1')]);

/** Process events whose listeners a run might add and leave. */
const WATCHED_EVENTS = ['exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'warning'] as const;

/** What a process holds that a run could change and leave behind. */
export interface ProcessSnapshot {
  resources: Map<string, number>;
  globals: Set<string | symbol>;
  env: string;
  cwd: string;
  listeners: string;
  exitCode: typeof process.exitCode;
}

/** The process as it is now (taken before a run). */
export function takeProcessSnapshot(): ProcessSnapshot {
  return {
    resources: countResources(),
    globals: new Set(Reflect.ownKeys(globalThis)),
    env: JSON.stringify(Object.entries(process.env).sort(([a], [b]) => a.localeCompare(b))),
    cwd: process.cwd(),
    listeners: JSON.stringify(WATCHED_EVENTS.map((event) => process.listenerCount(event))),
    exitCode: process.exitCode,
  };
}

/**
 * What a run left in the process that it did not hold before (`before`): work still
 * scheduled (timers, sockets, servers, child processes: anything keeping Node alive),
 * new or removed globals, changed environment variables, working directory, process
 * listeners or exit code. Empty when the process can run another run as if it were new.
 * Waits two turns of the event loop first, so handles the run closed are gone.
 */
export async function processLeftovers(before: ProcessSnapshot): Promise<string[]> {
  await nextTurn();
  await nextTurn();
  const after = takeProcessSnapshot();
  const left: string[] = [];
  for (const [type, count] of after.resources) {
    const more = count - (before.resources.get(type) ?? 0);
    if (more > 0) left.push(`${more} active ${type}`);
  }
  const globals = [...after.globals].filter((key) => !before.globals.has(key) && !NODE_LAZY_GLOBALS.has(key));
  const removed = [...before.globals].filter((key) => !after.globals.has(key));
  if (globals.length > 0) left.push(`new globals (${globals.map(String).join(', ')})`);
  if (removed.length > 0) left.push(`removed globals (${removed.map(String).join(', ')})`);
  if (after.env !== before.env) left.push('changed environment variables');
  if (after.cwd !== before.cwd) left.push(`a new working directory (${after.cwd})`);
  if (after.listeners !== before.listeners) left.push('process event listeners');
  if (after.exitCode !== before.exitCode) left.push('an exit code');
  return left;
}

function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

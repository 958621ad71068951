import type { SetStateResult, StateRecord } from '../api-types.js';

// Not an `import`: an ESM import of node:util also evaluates its lazy exports (parseArgs, diff
// and more), a few ms of every quick CLI command's start.
const { isDeepStrictEqual } = process.getBuiltinModule('node:util');

/** A version-locked state write as sent: the run, the version it named, the serialized state. */
export interface SentStateWrite {
  id: string;
  version: number;
  state: unknown;
}

/**
 * Whether a batch of version-locked state writes whose answer was lost did apply: each run's
 * state history holds, at the version after the one the write named, the very state sent
 * (the server may add to it, e.g. the `cached_inputs` a task run kept). A batch is one
 * transaction, so it applied whole or not at all.
 *
 * @returns the results the lost answer held, or `undefined` when the writes did not apply
 * (another writer's state stands at that version).
 */
export async function appliedStateWrites(
  writes: readonly SentStateWrite[],
  history: (id: string) => Promise<StateRecord[]>,
): Promise<SetStateResult[] | undefined> {
  const results: SetStateResult[] = [];
  for (const write of writes) {
    const record = (await history(write.id)).find((entry) => entry.version === write.version + 1);
    if (!record || !contains(record.serializedState, write.state)) return undefined;
    results.push({
      id: write.id,
      status: 'SUCCESS',
      version: record.version,
      state: record.state,
      message: record.message,
    });
  }
  return results;
}

/** Every key of the sent state is in the stored one with an equal value (as JSON carries it). */
function contains(stored: Record<string, unknown>, sent: unknown): boolean {
  const wire = JSON.parse(JSON.stringify(sent)) as Record<string, unknown>;
  return Object.entries(wire).every(([key, value]) => isDeepStrictEqual(stored[key], value));
}

import { ChangeFeed } from './change-feed.js';
import type { GraphQLContext } from './context.js';
import type { RunChange } from './run-events.js';

/** Rows committed slightly out of timestamp order are still seen: each poll looks back this far. */
const LOOKBACK_MS = 5_000;

/**
 * What a subscription makes of the changes that woke it: the rows they carry (none when they
 * cannot concern it), or undefined when it must read the database to know.
 */
export type RowsOfChanges<T> = (changes: readonly RunChange[]) => T[] | undefined;

/**
 * Yields every row whose `updated` moved. It reads the database on every poll (so writes of
 * every replica show) and on this process's writes, except those whose changes tell it what
 * they wrote (`rowsOf`): a flow run this process created or claimed is handed over as
 * written, and log lines wake no read of flow runs.
 */
export async function* rowChanges<T extends { id: string; updated: string }>(
  context: GraphQLContext,
  tenantId: string,
  read: (since: string) => Promise<T[]>,
  rowsOf: RowsOfChanges<T> = () => undefined,
): AsyncGenerator<T> {
  const seen = new Map<string, string>();
  const subscribed = new Date().toISOString();
  let high = subscribed;
  const feed = new ChangeFeed(context.events, tenantId);
  try {
    while (!context.shutdown.aborted) {
      const changes = await feed.next(context.subscriptionPollMs, context.shutdown);
      if (context.shutdown.aborted) return;
      const since = new Date(Date.parse(high) - LOOKBACK_MS).toISOString();
      // No change: the poll, which always reads.
      const rows = (changes.length > 0 ? rowsOf(changes) : undefined) ?? (await read(since));
      for (const row of rows) {
        if (row.updated > high) high = row.updated;
        // Only changes made after the subscription started; the look-back is for late commits.
        if (row.updated < subscribed || (seen.get(row.id) ?? '') >= row.updated) continue;
        seen.set(row.id, row.updated);
        yield row;
      }
      for (const [id, updated] of seen) if (updated < since) seen.delete(id);
    }
  } finally {
    feed.close();
  }
}

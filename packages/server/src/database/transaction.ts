import { type Kysely, sql } from 'kysely';
import type { DatabaseKind } from './connect.js';
import type { Tables } from './tables.js';

const RETRYABLE_PG_CODES = new Set(['40001', '40P01']);

/**
 * Runs `fn` in one transaction. On SQLite the transaction starts `IMMEDIATE` (it takes the
 * write lock at once, so two processes never deadlock on a lock upgrade); on PostgreSQL a
 * serialization failure or deadlock is retried a few times.
 */
export async function withTransaction<T>(
  db: Kysely<Tables>,
  kind: DatabaseKind,
  fn: (trx: Kysely<Tables>) => Promise<T>,
): Promise<T> {
  if (kind === 'sqlite') {
    return db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (error) {
      if (attempt < 5 && RETRYABLE_PG_CODES.has((error as { code?: string }).code ?? '')) continue;
      throw error;
    }
  }
}

/** True when `error` is a unique-constraint violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

import { type Kysely, sql } from 'kysely';
import type { DatabaseKind } from './connect.js';
import type { Tables } from './tables.js';

const RETRYABLE_PG_CODES = new Set(['40001', '40P01']);

/**
 * Runs `fn` in one transaction. On PostgreSQL a serialization failure or deadlock is retried a
 * few times. On SQLite the transaction joins the {@link SqliteGroupCommit} of `db`.
 */
export async function withTransaction<T>(
  db: Kysely<Tables>,
  kind: DatabaseKind,
  fn: (trx: Kysely<Tables>) => Promise<T>,
): Promise<T> {
  if (kind === 'sqlite') {
    let group = groupCommits.get(db);
    if (group === undefined) {
      group = new SqliteGroupCommit(db);
      groupCommits.set(db, group);
    }
    return group.run(fn);
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

const groupCommits = new WeakMap<Kysely<Tables>, SqliteGroupCommit>();

/** Most transactions one commit takes. */
const MAX_GROUP = 64;

interface Queued {
  fn: (trx: Kysely<Tables>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for SQLite. SQLite has one writer, and with full sync every commit waits for the
 * disk while the (synchronous) driver blocks the process. So the transactions that are waiting
 * when a commit starts run one after another inside one `BEGIN IMMEDIATE … COMMIT`, each in its
 * own savepoint: a transaction that throws is rolled back to its savepoint alone, and every
 * caller is answered only after the shared commit is on disk, so no acknowledged write can be
 * lost. The outcome is the same as running them one by one, with one disk flush for the group.
 * (SQLite has no such batching of its own, and the libraries that add it are for other drivers.)
 */
class SqliteGroupCommit {
  readonly #db: Kysely<Tables>;
  #queue: Queued[] = [];
  #scheduled = false;

  constructor(db: Kysely<Tables>) {
    this.#db = db;
  }

  run<T>(fn: (trx: Kysely<Tables>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // One turn of the event loop lets the requests already read join this group.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const group = this.#queue.splice(0, MAX_GROUP);
        await this.#commit(group);
      }
    } finally {
      this.#scheduled = false;
    }
  }

  async #commit(group: Queued[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await this.#db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          for (const item of group) {
            await sql`savepoint group_member`.execute(conn);
            try {
              const value = await item.fn(conn);
              await sql`release group_member`.execute(conn);
              outcomes.push({ ok: true, value });
            } catch (error) {
              await sql`rollback to group_member`.execute(conn);
              await sql`release group_member`.execute(conn);
              outcomes.push({ ok: false, error });
            }
          }
          await sql`commit`.execute(conn);
        } catch (error) {
          await sql`rollback`.execute(conn).catch(() => {});
          throw error;
        }
      });
    } catch (error) {
      // Nothing of the group was committed: every member fails with the reason.
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}

/** True when `error` is a unique-constraint violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

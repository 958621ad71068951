import { homedir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';

/** Which engine a database URL points at. */
export type DatabaseKind = 'sqlite' | 'postgres';

/** The embedded SQLite file used when no database URL is given. */
export function defaultDatabasePath(homeDir = join(homedir(), '.headwater')): string {
  return join(homeDir, 'server', 'headwater.db');
}

/** `postgres://…`/`postgresql://…` → PostgreSQL; `sqlite:…`, a path or nothing → SQLite. */
export function databaseKind(url: string | undefined): DatabaseKind {
  return url && /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/**
 * Opens a Kysely instance on SQLite (WAL, foreign keys on) or PostgreSQL.
 *
 * @example
 * ```ts
 * const db = connectDatabase('postgres://127.0.0.1/headwater');
 * ```
 */
export function connectDatabase<DB = unknown>(url?: string): { db: Kysely<DB>; kind: DatabaseKind } {
  if (databaseKind(url) === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    return { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), kind: 'postgres' };
  }
  const file = url ? url.replace(/^sqlite:(\/\/)?/, '') : defaultDatabasePath();
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return { db: new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) }), kind: 'sqlite' };
}

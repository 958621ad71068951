import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { headwaterHome } from '@headwater/core';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect } from 'kysely';
import pg from 'pg';
import { withPreparedStatements } from './prepared-statements.js';
import { makePrivateDir, makePrivateFile, tightenIfPresent } from './private-paths.js';
import { postgresTimestampToIso } from './values.js';

/** Which engine a database URL points at. */
export type DatabaseKind = 'sqlite' | 'postgres';

/** The Headwater home directory: `HEADWATER__HOME_DIR`, else `~/.headwater` (core's rule). */
export function defaultHomeDir(): string {
  return headwaterHome();
}

/** The embedded SQLite file used when no database URL is given. */
export function defaultDatabasePath(homeDir = defaultHomeDir()): string {
  return join(homeDir, 'server', 'headwater.db');
}

/** `postgres://…`/`postgresql://…` → PostgreSQL; `sqlite:…`, a path or nothing → SQLite. */
export function databaseKind(url: string | undefined): DatabaseKind {
  return url && /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;
const JSON_OIDS = [114, 3802];
const INT8_OID = 20;

/**
 * Per-pool type parsers, so both engines hand back the same JavaScript values: timestamps as
 * ISO-8601 strings, JSON as its text, 64-bit counts as numbers.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary');
    if (oid === TIMESTAMPTZ_OID) {
      const parse = pg.types.getTypeParser(oid, 'text') as (value: string) => Date;
      return (value: string) => postgresTimestampToIso(value, parse);
    }
    if (oid === TIMESTAMP_OID) {
      const parse = pg.types.getTypeParser(oid, 'text') as (value: string) => Date;
      return (value: string) => parse(value).toISOString();
    }
    if (JSON_OIDS.includes(oid)) return (value: string) => value;
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, 'text');
  },
} as pg.CustomTypesConfig;

/** Options of {@link connectDatabase}. */
export interface ConnectOptions {
  /** Largest number of PostgreSQL connections in the pool. @default 10 */
  poolSize?: number;
  /** Home directory used for the default SQLite file. @default defaultHomeDir() */
  homeDir?: string;
}

/**
 * Opens a Kysely instance on SQLite (WAL, foreign keys on, full sync) or PostgreSQL. Both hand
 * back timestamps as ISO strings and JSON columns as text.
 *
 * @example
 * ```ts
 * const { db, kind } = connectDatabase('postgres://127.0.0.1/headwater');
 * ```
 */
export function connectDatabase<DB = unknown>(
  url?: string,
  options: ConnectOptions = {},
): { db: Kysely<DB>; kind: DatabaseKind } {
  if (databaseKind(url) === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: pgTypes });
    // An idle client that loses its connection must not crash the process.
    pool.on('error', () => {});
    return {
      db: new Kysely<DB>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) }),
      kind: 'postgres',
    };
  }
  const file = url ? url.replace(/^sqlite:(\/\/)?/, '') : defaultDatabasePath(options.homeDir);
  if (file !== ':memory:') prepareSqliteFile(file, options.homeDir);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('synchronous = FULL');
  // PostgreSQL's name, so SQL that makes ids in the database reads the same on both engines.
  sqlite.function('gen_random_uuid', { deterministic: false }, () => randomUUID());
  return {
    db: new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }),
    kind: 'sqlite',
  };
}

/**
 * The SQLite file and its `-wal`/`-shm` are owner-only (0600) in an owner-only directory, so the
 * token hashes and run data in it are not readable by other users whatever the umask. The
 * server's own `<home>/server` is tightened if an earlier start left it looser.
 */
function prepareSqliteFile(file: string, homeDir = defaultHomeDir()): void {
  const dir = dirname(resolve(file));
  makePrivateDir(dir, { owned: dir === dirname(resolve(defaultDatabasePath(homeDir))) });
  makePrivateFile(file);
  for (const suffix of ['-wal', '-shm', '-journal']) tightenIfPresent(`${file}${suffix}`);
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * `sqlite` with its prepared statements kept by SQL text (least recently used dropped past
 * {@link STATEMENT_CACHE_SIZE}). Kysely prepares every query afresh, and preparing cost more
 * than running the small statements of a request; the API's queries are a fixed set of texts.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text) {
      const cached = cache.get(text);
      // Kysely runs one query at a time on SQLite's single connection (a stream holds it to
      // the end), so a cached statement is never still running when it is asked for again.
      if (cached !== undefined) {
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = sqlite.prepare(text);
      cache.set(text, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { ServerUnderTest } from './server-under-test.js';

/**
 * Every row the server stored, as text: `sqlite3 .dump` of its SQLite file (WAL included) or
 * `pg_dump --data-only` of its PostgreSQL database.
 */
export function databaseDump(server: ServerUnderTest): string {
  if (server.databaseUrl) {
    return execFileSync('pg_dump', ['--data-only', '--no-owner', server.databaseUrl], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
  }
  return execFileSync('sqlite3', [join(server.home, 'server', 'headwater.db'), '.dump'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

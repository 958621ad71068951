import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, requireTestEnv } from '@headwater/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tables } from '../src/database/tables.js';
import { withTransaction } from '../src/database/transaction.js';
import { connectDatabase, databaseKind } from '../src/index.js';

describe('databaseKind', () => {
  it('tells PostgreSQL URLs from SQLite files', () => {
    expect(databaseKind('postgres://127.0.0.1/x')).toBe('postgres');
    expect(databaseKind('postgresql://127.0.0.1/x')).toBe('postgres');
    expect(databaseKind('/tmp/headwater.db')).toBe('sqlite');
    expect(databaseKind(undefined)).toBe('sqlite');
  });
});

describe('SQLite', () => {
  it('opens a file in WAL mode and round-trips a row', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hw-sqlite-')), 'test.db');
    const { db } = connectDatabase<any>(file);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    await sql`create table t (id integer primary key, name text)`.execute(db);
    await db.insertInto('t').values({ id: 1, name: 'etl' }).execute();
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ id: 1, name: 'etl' }]);
    await db.destroy();
  });

  it('commits concurrent transactions together, rolling back only the one that throws', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hw-sqlite-')), 'test.db');
    const { db } = connectDatabase<Tables>(file);
    await sql`create table project (id text primary key, name text)`.execute(db);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        withTransaction(db, 'sqlite', async (trx) => {
          await sql`insert into project (id, name) values (${String(i)}, ${`p${i}`})`.execute(trx);
          if (i === 3) throw new Error('member 3 fails after writing');
          const seen = await sql<{ n: number }>`select count(*) as n from project`.execute(trx);
          return seen.rows[0]!.n;
        }),
      ),
    );
    expect(results[3]).toMatchObject({
      status: 'rejected',
      reason: { message: 'member 3 fails after writing' },
    });
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(9);
    const rows = await sql<{ id: string }>`select id from project order by id`.execute(db);
    expect(rows.rows.map((r) => r.id)).toEqual(['0', '1', '2', '4', '5', '6', '7', '8', '9']);
    await db.destroy();
  });
});

const setup = requireTestEnv(['databaseUrl']);

describe.runIf(setup.available)('PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  beforeAll(async () => {
    scratch = await createScratchDatabase(setup.available ? setup.env.databaseUrl : '');
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('connects to a scratch database and round-trips a row', async () => {
    const { db, kind } = connectDatabase<any>(scratch.url);
    expect(kind).toBe('postgres');
    await sql`create table t (id serial primary key, name text not null)`.execute(db);
    await db.insertInto('t').values({ name: 'etl' }).execute();
    const rows = await db.selectFrom('t').select(['id', 'name']).execute();
    expect(rows).toEqual([{ id: 1, name: 'etl' }]);
    const version = await sql<{ server_version_num: string }>`show server_version_num`.execute(db);
    expect(Number(version.rows[0]?.server_version_num)).toBeGreaterThan(100000);
    await db.destroy();
  });

  it('prepares repeated queries once per connection and survives their table changing', async () => {
    const { db } = connectDatabase<any>(scratch.url, { poolSize: 1 });
    await sql`create table prepared (id integer primary key, name text)`.execute(db);
    await db.insertInto('prepared').values({ id: 1, name: 'etl' }).execute();
    const read = () => db.selectFrom('prepared').selectAll().where('id', '=', 1).execute();
    expect(await read()).toEqual([{ id: 1, name: 'etl' }]);
    const statements = await sql<{ n: number }>`
      select count(*)::int as n from pg_prepared_statements where statement like '%"prepared"%'`.execute(db);
    expect(statements.rows[0]!.n).toBeGreaterThan(0);
    // `select *` of a prepared statement cannot change shape: PostgreSQL refuses it once.
    await sql`alter table prepared add column extra text`.execute(db);
    expect(await read()).toEqual([{ id: 1, name: 'etl', extra: null }]);
    expect(await read()).toEqual([{ id: 1, name: 'etl', extra: null }]);
    await db.destroy();
  });
});

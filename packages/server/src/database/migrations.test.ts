import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEDULED_LIKE_STATES } from '@headwater/core';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from './connect.js';
import { migrateToLatest, WAITING_RUN_STATES } from './migrations.js';

describe('the waiting-runs index', () => {
  it("covers exactly core's Scheduled-like states, in the order the queue names them", () => {
    // A new Scheduled-like state needs a migration that recreates flow_run_waiting with it.
    expect(WAITING_RUN_STATES).toEqual(SCHEDULED_LIKE_STATES);
  });
});

describe('migrateToLatest', () => {
  it('says which migration failed, or that the migrations failed, in one clean sentence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hw-migrations-'));
    const { db } = connectDatabase(join(dir, 'headwater.db'));
    try {
      await migrateToLatest(db, 'sqlite');
      // A database migrated by a newer server: a migration this one does not know.
      await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01')`.execute(
        db,
      );
      const error = await migrateToLatest(db, 'sqlite').catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/^Database migration failed: \S/);
    } finally {
      await db.destroy();
    }
  });
});

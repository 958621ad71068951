import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Creates a PostgreSQL database with a unique name next to `adminUrl`'s database and
 * returns its URL and a function that drops it.
 */
export async function createScratchDatabase(
  adminUrl: string,
  prefix = 'headwater_test',
): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type ConnectOptions, connectDatabase, type DatabaseKind } from './connect.js';
import { migrateToLatest } from './migrations.js';
import type { Tables } from './tables.js';
import { nowIso } from './values.js';

/** An open, migrated Headwater database. */
export interface Database {
  db: Kysely<Tables>;
  kind: DatabaseKind;
  /** The id of the default tenant (slug `default`). */
  defaultTenantId: string;
  /** True when this call created the default tenant (the first start). */
  createdDefaultTenant: boolean;
}

/** Slug of the tenant created at first start. */
export const DEFAULT_TENANT_SLUG = 'default';

/**
 * Connects, runs the migrations and makes sure the default tenant exists.
 */
export async function openDatabase(url: string | undefined, options: ConnectOptions = {}): Promise<Database> {
  const { db, kind } = connectDatabase<Tables>(url, options);
  try {
    await migrateToLatest(db, kind);
    const now = nowIso();
    const inserted = await db
      .insertInto('tenant')
      .values({ id: randomUUID(), name: 'Default', slug: DEFAULT_TENANT_SLUG, created: now, updated: now })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst();
    const tenant = await db
      .selectFrom('tenant')
      .select('id')
      .where('slug', '=', DEFAULT_TENANT_SLUG)
      .executeTakeFirstOrThrow();
    return { db, kind, defaultTenantId: tenant.id, createdDefaultTenant: inserted !== undefined };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseKind } from './connect.js';

type AnyDb = Kysely<any>;

/**
 * 0007: the tenant's secrets (only ciphertext and the id of the key that sealed it) and, on
 * each flow run, the token that submitted it: a RUNNER token reads the secrets of the runs it
 * holds and no others.
 */
export function secretsMigration(kind: DatabaseKind): Migration {
  const timestamp = kind === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('secret')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('ciphertext', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('created', sql.raw(timestamp), (c) => c.notNull())
        .addColumn('updated', sql.raw(timestamp), (c) => c.notNull())
        .addUniqueConstraint('secret_tenant_name_unique', ['tenant_id', 'name'])
        .execute();
      await db.schema.alterTable('flow_run').addColumn('submitted_by_token_id', 'text').execute();
    },
  };
}

/** 0008: a flow run started by a `runFlow` task names the task run that started it. */
export function flowRunParentMigration(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .alterTable('flow_run')
        .addColumn('parent_task_run_id', 'text', (c) => c.references('task_run.id').onDelete('set null'))
        .execute();
      await db.schema
        .createIndex('flow_run_parent_task_run')
        .on('flow_run')
        .column('parent_task_run_id')
        .execute();
    },
  };
}

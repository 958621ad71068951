import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { DatabaseKind } from './connect.js';
import { flowRunParentMigration, secretsMigration } from './run-secrets-migrations.js';

type AnyDb = Kysely<any>;

/** Column types that differ between the two engines; everything else is shared. */
function columnTypes(kind: DatabaseKind) {
  return {
    timestamp: kind === 'postgres' ? ('timestamptz' as const) : ('text' as const),
    json: kind === 'postgres' ? ('jsonb' as const) : ('text' as const),
  };
}

function initialSchema(kind: DatabaseKind): Migration {
  const { timestamp, json } = columnTypes(kind);
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('tenant')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('created', timestamp, (c) => c.notNull())
        .addColumn('updated', timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_token')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created', timestamp, (c) => c.notNull())
        .addColumn('last_used', timestamp)
        .addColumn('expires_at', timestamp)
        .addColumn('revoked_at', timestamp)
        .execute();
      await db.schema.createIndex('api_token_tenant').on('api_token').column('tenant_id').execute();

      await db.schema
        .createTable('project')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('created', timestamp, (c) => c.notNull())
        .addColumn('updated', timestamp, (c) => c.notNull())
        .addUniqueConstraint('project_tenant_name_unique', ['tenant_id', 'name'])
        .execute();

      await db.schema
        .createTable('flow_group')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
        .addColumn('version_group_id', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('heartbeat_enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('lazarus_enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created', timestamp, (c) => c.notNull())
        .addColumn('updated', timestamp, (c) => c.notNull())
        .addUniqueConstraint('flow_group_tenant_version_group_unique', ['tenant_id', 'version_group_id'])
        .execute();

      await db.schema
        .createTable('flow')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('flow_group_id', 'text', (c) =>
          c.notNull().references('flow_group.id').onDelete('cascade'),
        )
        .addColumn('version_group_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('description', 'text')
        .addColumn('serialized_flow', json, (c) => c.notNull())
        .addColumn('environment', json)
        .addColumn('storage', json)
        .addColumn('parameters', json, (c) => c.notNull())
        .addColumn('schedule', json)
        .addColumn('is_schedule_active', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('core_version', 'text')
        .addColumn('labels', json, (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('created', timestamp, (c) => c.notNull())
        .addColumn('updated', timestamp, (c) => c.notNull())
        .addUniqueConstraint('flow_group_version_unique', ['flow_group_id', 'version'])
        .execute();
      await db.schema
        .createIndex('flow_tenant_project_name')
        .on('flow')
        .columns(['tenant_id', 'project_id', 'name'])
        .execute();
      await db.schema
        .createIndex('flow_schedule_active')
        .on('flow')
        .columns(['is_schedule_active', 'archived'])
        .execute();

      await db.schema
        .createTable('task')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('flow_id', 'text', (c) => c.notNull().references('flow.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('type', 'text')
        .addColumn('description', 'text')
        .addColumn('tags', json, (c) => c.notNull())
        .addColumn('max_retries', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('retry_delay', 'integer')
        .addColumn('trigger', 'text')
        .addColumn('mapped', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('auto_generated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_root_task', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_terminal_task', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_reference_task', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('task_flow_slug_unique', ['flow_id', 'slug'])
        .execute();

      await db.schema
        .createTable('edge')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('flow_id', 'text', (c) => c.notNull().references('flow.id').onDelete('cascade'))
        .addColumn('upstream_task_id', 'text', (c) => c.notNull().references('task.id').onDelete('cascade'))
        .addColumn('downstream_task_id', 'text', (c) => c.notNull().references('task.id').onDelete('cascade'))
        .addColumn('key', 'text')
        .addColumn('mapped', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('edge_flow').on('edge').column('flow_id').execute();

      await db.schema
        .createTable('agent')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('labels', json, (c) => c.notNull())
        .addColumn('core_version', 'text', (c) => c.notNull())
        .addColumn('last_queried', timestamp)
        .addColumn('created', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('agent_identity_unique')
        .on('agent')
        .columns(['tenant_id', 'name', 'type', 'core_version', 'labels'])
        .unique()
        .execute();

      const runStateColumns = <T extends { addColumn: (...args: any[]) => T }>(table: T): T =>
        table
          .addColumn('version', 'integer', (c: any) => c.notNull())
          .addColumn('state', 'text', (c: any) => c.notNull())
          .addColumn('state_message', 'text')
          .addColumn('state_timestamp', timestamp, (c: any) => c.notNull())
          .addColumn('state_start_time', timestamp)
          .addColumn('serialized_state', json, (c: any) => c.notNull())
          .addColumn('heartbeat', timestamp)
          .addColumn('start_time', timestamp)
          .addColumn('end_time', timestamp)
          .addColumn('created', timestamp, (c: any) => c.notNull())
          .addColumn('updated', timestamp, (c: any) => c.notNull());

      await runStateColumns(
        db.schema
          .createTable('flow_run')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
          .addColumn('flow_id', 'text', (c) => c.notNull().references('flow.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('parameters', json, (c) => c.notNull())
          .addColumn('context', json, (c) => c.notNull())
          .addColumn('labels', json, (c) => c.notNull())
          .addColumn('scheduled_start_time', timestamp, (c) => c.notNull())
          .addColumn('auto_scheduled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('idempotency_key', 'text')
          .addColumn('times_resurrected', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('agent_id', 'text', (c) => c.references('agent.id').onDelete('set null')),
      )
        .addUniqueConstraint('flow_run_idempotency_key_unique', ['flow_id', 'idempotency_key'])
        .execute();
      await db.schema
        .createIndex('flow_run_queue')
        .on('flow_run')
        .columns(['tenant_id', 'state', 'state_start_time'])
        .execute();
      await db.schema
        .createIndex('flow_run_tenant_scheduled')
        .on('flow_run')
        .columns(['tenant_id', 'scheduled_start_time', 'id'])
        .execute();
      await db.schema
        .createIndex('flow_run_tenant_updated')
        .on('flow_run')
        .columns(['tenant_id', 'updated'])
        .execute();
      await db.schema
        .createIndex('flow_run_flow_scheduled')
        .on('flow_run')
        .columns(['flow_id', 'scheduled_start_time'])
        .execute();
      await db.schema
        .createIndex('flow_run_state_heartbeat')
        .on('flow_run')
        .columns(['state', 'heartbeat'])
        .execute();

      await db.schema
        .createTable('flow_run_state')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('flow_run_id', 'text', (c) => c.notNull().references('flow_run.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('start_time', timestamp)
        .addColumn('timestamp', timestamp, (c) => c.notNull())
        .addColumn('serialized_state', json, (c) => c.notNull())
        .addUniqueConstraint('flow_run_state_version_unique', ['flow_run_id', 'version'])
        .execute();

      await runStateColumns(
        db.schema
          .createTable('task_run')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('flow_run_id', 'text', (c) => c.notNull().references('flow_run.id').onDelete('cascade'))
          .addColumn('task_id', 'text', (c) => c.notNull().references('task.id').onDelete('cascade'))
          .addColumn('task_slug', 'text', (c) => c.notNull())
          .addColumn('map_index', 'integer', (c) => c.notNull())
          .addColumn('name', 'text')
          .addColumn('run_count', 'integer', (c) => c.notNull().defaultTo(0)),
      )
        .addUniqueConstraint('task_run_identity_unique', ['flow_run_id', 'task_id', 'map_index'])
        .execute();
      await db.schema
        .createIndex('task_run_queue')
        .on('task_run')
        .columns(['state', 'state_start_time'])
        .execute();

      await db.schema
        .createTable('task_run_state')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('task_run_id', 'text', (c) => c.notNull().references('task_run.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('start_time', timestamp)
        .addColumn('timestamp', timestamp, (c) => c.notNull())
        .addColumn('serialized_state', json, (c) => c.notNull())
        .addUniqueConstraint('task_run_state_version_unique', ['task_run_id', 'version'])
        .execute();

      await db.schema
        .createTable('log')
        .addColumn('seq', kind === 'postgres' ? 'bigint' : 'integer', (c) =>
          kind === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('flow_run_id', 'text', (c) => c.notNull().references('flow_run.id').onDelete('cascade'))
        .addColumn('task_run_id', 'text', (c) => c.references('task_run.id').onDelete('cascade'))
        .addColumn('timestamp', timestamp, (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('level_no', 'integer', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('info', json)
        .addColumn('created', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('log_flow_run_time')
        .on('log')
        .columns(['flow_run_id', 'timestamp', 'seq'])
        .execute();
      await db.schema
        .createIndex('log_flow_run_created')
        .on('log')
        .columns(['flow_run_id', 'created'])
        .execute();
    },
  };
}

/**
 * A flow group's own settings, which override its flows': a schedule (same wire shape as a
 * flow's), default parameters, labels (null: the flow's apply) and a description.
 */
function flowGroupSettings(kind: DatabaseKind): Migration {
  const { json } = columnTypes(kind);
  return {
    async up(db: AnyDb) {
      // One column per statement: SQLite adds a single column per ALTER TABLE.
      await db.schema.alterTable('flow_group').addColumn('schedule', json).execute();
      await db.schema
        .alterTable('flow_group')
        .addColumn('default_parameters', json, (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.alterTable('flow_group').addColumn('labels', json).execute();
      await db.schema.alterTable('flow_group').addColumn('description', 'text').execute();
    },
  };
}

/**
 * What agents can run: a flow's storage type (the `type` of its serialized storage, read from
 * the stored `storage` for existing flows) and the storage types an agent declares (null: an
 * agent that does not say, which takes any type).
 */
function storageTypes(kind: DatabaseKind): Migration {
  const { json } = columnTypes(kind);
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('flow').addColumn('storage_type', 'text').execute();
      await (kind === 'postgres'
        ? sql`update flow set storage_type = storage ->> 'type' where storage is not null`
        : sql`update flow set storage_type = json_extract(storage, '$.type') where json_type(storage, '$.type') = 'text'`
      ).execute(db);
      // The queue's storage filter and the storageTypes query both read only this index.
      await db.schema
        .createIndex('flow_tenant_storage_type')
        .on('flow')
        .columns(['tenant_id', 'storage_type', 'archived', 'id'])
        .execute();
      await db.schema.alterTable('agent').addColumn('storage_types', json).execute();
    },
  };
}

/**
 * The states of flow runs waiting for an agent (`@headwater/core`'s `SCHEDULED_LIKE_STATES`, in
 * its order), written out: a migration never changes, and `getRunsInQueue` names the same list
 * literally so that both engines see it implies the index's condition.
 */
export const WAITING_RUN_STATES: readonly string[] = ['Scheduled', 'Paused', 'Resume', 'Retrying', 'Queued'];

/**
 * The waiting runs alone, in the queue's order: the queue reads due runs oldest first and stops
 * at its limit, instead of reading every waiting run of the tenant (the planner cannot tell
 * that most of the runs due by now are finished ones) and sorting them.
 */
function waitingRunsIndex(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createIndex('flow_run_waiting')
        .on('flow_run')
        .columns(['tenant_id', 'state_start_time', 'id'])
        .where(
          sql.ref('state'),
          'in',
          WAITING_RUN_STATES.map((state) => sql.lit(state)),
        )
        .execute();
    },
  };
}

/**
 * What the run lists filter and page by: a state (or state group) in due order, the newest
 * created first, a run's name (search, and the check that generated names stay unique), and
 * on PostgreSQL the labels (`@>` reads a GIN index; SQLite's json_each has none to read).
 */
function runSearchIndexes(kind: DatabaseKind): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createIndex('flow_run_tenant_state_scheduled')
        .on('flow_run')
        .columns(['tenant_id', 'state', 'scheduled_start_time', 'id'])
        .execute();
      await db.schema
        .createIndex('flow_run_tenant_created')
        .on('flow_run')
        .columns(['tenant_id', 'created', 'id'])
        .execute();
      await db.schema
        .createIndex('flow_run_tenant_name')
        .on('flow_run')
        .columns(['tenant_id', 'name'])
        .execute();
      if (kind === 'postgres') {
        await sql`create index flow_run_labels on flow_run using gin (labels jsonb_path_ops)`.execute(db);
      }
    },
  };
}

/**
 * Concurrency limits of a tenant: at most `slots` Running task runs of tasks with a tag
 * (`kind` TASK_TAG, `key` the tag), or Running flow runs of a flow group (`kind` FLOW, `key`
 * the flow group's id, dropped with the group). A state write that would start one more locks
 * the limit's row first, so writers on any number of server replicas take the slots in turn.
 */
function concurrencyLimits(kind: DatabaseKind): Migration {
  const { timestamp } = columnTypes(kind);
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('concurrency_limit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('flow_group_id', 'text', (c) => c.references('flow_group.id').onDelete('cascade'))
        .addColumn('slots', 'integer', (c) => c.notNull())
        .addColumn('created', timestamp, (c) => c.notNull())
        .addColumn('updated', timestamp, (c) => c.notNull())
        .addUniqueConstraint('concurrency_limit_key_unique', ['tenant_id', 'kind', 'key'])
        .execute();
    },
  };
}

/**
 * Cross-run caching: the cache key a Cached task-run state was stored under (read back,
 * newest first, by any flow of the tenant), and the task run whose Cached state a run reused.
 */
function taskRunCache(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('task_run').addColumn('cache_key', 'text').execute();
      await db.schema.alterTable('task_run').addColumn('cached_from_task_run_id', 'text').execute();
      await db.schema
        .createIndex('task_run_cache_key')
        .on('task_run')
        .columns(['tenant_id', 'cache_key', 'state_timestamp'])
        .where(sql.ref('state'), '=', sql.lit('Cached'))
        .execute();
    },
  };
}

/** Every migration, in order. Names sort in the order they run; never rename one. */
function migrations(kind: DatabaseKind): Record<string, Migration> {
  return {
    '0001_initial_schema': initialSchema(kind),
    '0002_flow_group_settings': flowGroupSettings(kind),
    '0003_storage_types': storageTypes(kind),
    '0004_waiting_runs_index': waitingRunsIndex(),
    '0006_run_search': runSearchIndexes(kind),
    '0007_secrets': secretsMigration(kind),
    '0008_flow_run_parent': flowRunParentMigration(),
    '0009_concurrency_limits': concurrencyLimits(kind),
    '0010_task_run_cache': taskRunCache(),
  };
}

/** Provides the migrations of `kind` to Kysely's `Migrator` (tests migrate step by step with it). */
export class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly kind: DatabaseKind) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.kind);
  }
}

/**
 * Brings the database to the latest schema. Safe to call from several processes at once:
 * Kysely's migrator takes a database lock.
 */
export async function migrateToLatest(db: AnyDb, kind: DatabaseKind): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(kind) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(
      `Database migration${failed ? ` ${failed}` : ''} failed: ${(error as Error).message ?? error}`,
      {
        cause: error,
      },
    );
  }
  if (kind === 'sqlite') await sql`pragma optimize`.execute(db);
}

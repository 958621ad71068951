import { createRequire } from 'node:module';
import type { RunnerOptions } from 'graphile-worker';

type PgPool = NonNullable<RunnerOptions['pgPool']>;
/** graphile-worker's own `pg` (the bench has none of its own). */
const PgPool = createRequire(import.meta.resolve('graphile-worker'))('pg').Pool as new (config: {
  connectionString: string;
  max: number;
}) => PgPool;

/**
 * A pool like the one graphile-worker makes itself (10 connections), but one the bench ends
 * before it drops the database: graphile-worker does not wait for its own pools to end, and the
 * forced drop then kills their connections, which crashed the process.
 */
export function graphilePool(url: string): PgPool {
  const pool = new PgPool({ connectionString: url, max: 10 });
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

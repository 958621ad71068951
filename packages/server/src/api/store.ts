import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database/connect.js';
import type { Tables } from '../database/tables.js';
import { withTransaction } from '../database/transaction.js';

/** A database handle (the pool, or one transaction) and its engine. */
export interface Store {
  db: Kysely<Tables>;
  kind: DatabaseKind;
}

/** Runs `fn` in one transaction of `store`'s database. */
export function transact<T>(store: Store, fn: (trx: Store) => Promise<T>): Promise<T> {
  return withTransaction(store.db, store.kind, (db) => fn({ db, kind: store.kind }));
}

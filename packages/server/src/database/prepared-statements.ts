import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Most distinct query texts given a statement name; later ones run unnamed. */
const MAX_NAMED = 1000;

/** SQLSTATE of "cached plan must not change result type" (the table changed under a statement). */
const FEATURE_NOT_SUPPORTED = '0A000';

/** Statement name of each query text, shared by every pool of the process. */
const names = new Map<string, string>();
/** Texts whose prepared form broke (their table changed); they run unnamed from then on. */
const unnamed = new Set<string>();

function statementName(text: string): string | undefined {
  if (unnamed.has(text)) return undefined;
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `headwater_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

async function query(
  client: pg.PoolClient,
  text: string,
  values: ReadonlyArray<unknown>,
): Promise<pg.QueryResult> {
  const name = values.length > 0 ? statementName(text) : undefined;
  if (name === undefined) return client.query(text, [...values]);
  try {
    return await client.query({ name, text, values: [...values] });
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    // Only outside a transaction can the query simply run again (inside one, PostgreSQL has
    // aborted it); either way later calls no longer use the broken statement.
    if (code !== FEATURE_NOT_SUPPORTED || !message?.includes('cached plan')) throw error;
    unnamed.add(text);
    return client.query(text, [...values]);
  }
}

/**
 * `pool` for Kysely, with every parameterised query run as a named prepared statement: each
 * connection parses and plans a query text once and then only binds values. The API sends a
 * fixed set of texts, some of them long (creating a run is one five-part statement), and
 * PostgreSQL's parsing and planning of them cost more than their execution.
 */
export function withPreparedStatements(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        // Kysely's row type is its own business: the rows are pg's, as without the wrapper.
        query: ((text: string, values: ReadonlyArray<unknown>) =>
          query(client, text, values)) as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}

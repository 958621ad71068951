import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { nowIso, toJson } from '../database/values.js';
import type { ApiLimits } from './limits.js';
import { type AgentModel, toAgent } from './models.js';
import type { Store } from './store.js';
import { nameSchema, normalizeLabels, normalizeStorageTypes, validate } from './validation.js';

/** How long after its last poll (or registration) an agent still counts as connected. */
export const DEFAULT_AGENT_CONNECTED_WITHIN_MS = 60_000;

/**
 * Registers an agent: the same (name, type, core version, sorted labels) returns the existing
 * id, so a restarted agent keeps its identity. Registering again records the storage types the
 * agent now declares (null: any type) and that it was seen now.
 */
export async function registerAgent(
  store: Store,
  tenantId: string,
  input: {
    name?: string | null;
    type: string;
    labels?: readonly string[] | null;
    coreVersion?: string | null;
    storageTypes?: readonly string[] | null;
  },
  limits: ApiLimits,
): Promise<string> {
  const type = validate(nameSchema(limits), input.type, 'agent type');
  const name = input.name != null ? validate(nameSchema(limits), input.name, 'agent name') : type;
  const coreVersion = validate(z.string().max(100).nullish(), input.coreVersion, 'coreVersion') ?? '';
  const labels = toJson(normalizeLabels(input.labels, limits));
  const storageTypes = normalizeStorageTypes(input.storageTypes);
  const now = nowIso();
  const row = await store.db
    .insertInto('agent')
    .values({
      id: randomUUID(),
      tenant_id: tenantId,
      name,
      type,
      labels,
      core_version: coreVersion,
      storage_types: storageTypes === null ? null : toJson(storageTypes),
      last_queried: now,
      created: now,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'name', 'type', 'core_version', 'labels']).doUpdateSet({
        storage_types: sql`excluded.storage_types`,
        last_queried: sql`excluded.last_queried`,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listAgents(store: Store, tenantId: string): Promise<AgentModel[]> {
  const rows = await store.db
    .selectFrom('agent')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('last_queried', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toAgent);
}

/** Agents of the tenant that polled the queue (or registered) at or after `since`. */
export async function listConnectedAgents(
  store: Store,
  tenantId: string,
  since: string,
): Promise<AgentModel[]> {
  const rows = await store.db
    .selectFrom('agent')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('last_queried', '>=', since)
    .execute();
  return rows.map(toAgent);
}

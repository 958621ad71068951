import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Tables } from '../database/tables.js';
import { nowIso } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import type { QueueFilter } from './queue.js';
import type { Store } from './store.js';

/** The registered agent a claim is for. */
export interface ClaimingAgent {
  id: string;
  name: string;
  /** The claiming token: it becomes the holder of the runs it is handed (`held-runs.ts`). */
  tokenId: string | null;
  filter: QueueFilter;
  /**
   * Remembered from an earlier claim rather than read (PostgreSQL): the claim's statement
   * checks that the row still reads so ({@link agentReadsAs}) and records that it asked.
   */
  remembered: { labels: string; storageTypes: string | null } | null;
}

/** A remembered agent's row changed: the claim reads the agent again and claims afresh. */
export class StaleAgentError extends Error {
  constructor() {
    super('The claiming agent changed since this server last read it.');
    this.name = 'StaleAgentError';
  }
}

/** An agent's `lastQueried` is written again only when older than this, so busy claimers do not write it every time. */
export const LAST_QUERIED_EVERY_MS = 5_000;

/** The claim's own inputs: who asks, and the runs it says it holds. */
export interface ClaimAsk {
  tenantId: string;
  agentId: string;
  tokenId: string | null;
  heldFlowRunIds: readonly string[];
}

interface AgentRow {
  name: string;
  labels: string;
  storage_types: string | null;
}

/** Most agents a server remembers per database; past it, the longest remembered is dropped. */
const MAX_REMEMBERED = 10_000;

/** What each database's claimers read as, by tenant and agent id. */
const rememberedAgents = new WeakMap<Kysely<Tables>, Map<string, AgentRow>>();

function remembered(store: Store): Map<string, AgentRow> {
  let agents = rememberedAgents.get(store.db);
  if (agents === undefined) {
    agents = new Map();
    rememberedAgents.set(store.db, agents);
  }
  return agents;
}

function toClaimingAgent(ask: ClaimAsk, row: AgentRow, wasRemembered: boolean): ClaimingAgent {
  return {
    id: ask.agentId,
    name: row.name,
    tokenId: ask.tokenId,
    filter: {
      before: nowIso(),
      labels: JSON.parse(row.labels) as string[],
      storageTypes: row.storage_types === null ? null : (JSON.parse(row.storage_types) as string[]),
      excludeFlowRunIds: ask.heldFlowRunIds,
    },
    remembered: wasRemembered ? { labels: row.labels, storageTypes: row.storage_types } : null,
  };
}

/**
 * The agent as an earlier claim on this server read it, or null. Only PostgreSQL claims use
 * it, and only with a statement that checks it ({@link agentReadsAs}); an agent that runs no
 * storage type is never remembered, since its claims run no statement.
 */
export function rememberedAgent(store: Store, ask: ClaimAsk): ClaimingAgent | null {
  if (store.kind !== 'postgres') return null;
  const row = remembered(store).get(`${ask.tenantId}/${ask.agentId}`);
  return row === undefined ? null : toClaimingAgent(ask, row, true);
}

/** Drops the remembered agent (its row no longer reads as remembered). */
export function forgetAgent(store: Store, ask: ClaimAsk): void {
  remembered(store).delete(`${ask.tenantId}/${ask.agentId}`);
}

function remember(store: Store, ask: ClaimAsk, row: AgentRow): void {
  if (store.kind !== 'postgres' || row.storage_types === '[]') return;
  const agents = remembered(store);
  if (agents.size >= MAX_REMEMBERED) agents.delete(agents.keys().next().value!);
  agents.set(`${ask.tenantId}/${ask.agentId}`, {
    name: row.name,
    labels: row.labels,
    storage_types: row.storage_types,
  });
}

/** Reads what the agent runs (but the runs it holds), and records that it asked (its `lastQueried`, at most every few seconds). */
export async function readAgent(store: Store, ask: ClaimAsk): Promise<ClaimingAgent> {
  const row = await store.db
    .selectFrom('agent')
    .select(['name', 'labels', 'storage_types', 'last_queried'])
    .where('id', '=', ask.agentId)
    .where('tenant_id', '=', ask.tenantId)
    .executeTakeFirst();
  if (!row) {
    throw new ApiError({
      code: 'NOT_FOUND',
      message: `Agent ${ask.agentId} is not registered in this tenant. Register it with registerAgent and claim with the id it returns.`,
    });
  }
  const agent = toClaimingAgent(ask, row, false);
  const now = agent.filter.before;
  if (row.last_queried === null || Date.parse(now) - Date.parse(row.last_queried) >= LAST_QUERIED_EVERY_MS) {
    await store.db.updateTable('agent').set({ last_queried: now }).where('id', '=', ask.agentId).execute();
  }
  remember(store, ask, row);
  return agent;
}

/** PostgreSQL: the agent's row still has the name, labels and storage types the claim was built from. */
export function agentReadsAs(agent: ClaimingAgent, tenantId: string): Expression<SqlBool> {
  const known = agent.remembered;
  if (known === null) return sql<SqlBool>`true`;
  return sql<SqlBool>`exists (select 1 from agent where agent.id = ${agent.id} and agent.tenant_id = ${tenantId}
    and agent.name = ${agent.name} and agent.labels = ${known.labels}::jsonb
    and agent.storage_types is not distinct from ${known.storageTypes}::jsonb)`;
}

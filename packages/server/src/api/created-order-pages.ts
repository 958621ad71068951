import type { ApiLimits } from './limits.js';
import { type AgentModel, type ApiTokenModel, type Page, toAgent, toApiToken } from './models.js';
import type { Store } from './store.js';
import { decodeCursor, encodeCursor, pageSize } from './validation.js';

type PageArgs = { first?: number | null; after?: string | null };

/** Agents of the tenant, newest first (ties by id), one page. */
export async function listAgentPage(
  store: Store,
  tenantId: string,
  page: PageArgs,
  limits: ApiLimits,
): Promise<Page<AgentModel>> {
  const size = pageSize(page.first, limits);
  const cursor = decodeCursor(page.after, 2) as [string, string] | null;
  const query = store.db.selectFrom('agent').where('tenant_id', '=', tenantId);
  const rows = await query
    .selectAll()
    .$if(cursor !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('created', '<', cursor![0]),
          eb.and([eb('created', '=', cursor![0]), eb('id', '<', cursor![1])]),
        ]),
      ),
    )
    .orderBy('created', 'desc')
    .orderBy('id', 'desc')
    .limit(size + 1)
    .execute();
  return toPage(rows.map(toAgent), size, async () =>
    Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0),
  );
}

/** API tokens of the tenant, oldest first (ties by id), revoked ones only if asked, one page. */
export async function listApiTokenPage(
  store: Store,
  tenantId: string,
  includeRevoked: boolean,
  page: PageArgs,
  limits: ApiLimits,
): Promise<Page<ApiTokenModel>> {
  const size = pageSize(page.first, limits);
  const cursor = decodeCursor(page.after, 2) as [string, string] | null;
  const query = store.db
    .selectFrom('api_token')
    .where('tenant_id', '=', tenantId)
    .$if(!includeRevoked, (q) => q.where('revoked_at', 'is', null));
  const rows = await query
    .selectAll()
    .$if(cursor !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('created', '>', cursor![0]),
          eb.and([eb('created', '=', cursor![0]), eb('id', '>', cursor![1])]),
        ]),
      ),
    )
    .orderBy('created')
    .orderBy('id')
    .limit(size + 1)
    .execute();
  return toPage(rows.map(toApiToken), size, async () =>
    Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0),
  );
}

/** The first `size` of `rows` (one more was read to know whether a next page exists). */
function toPage<T extends { id: string; created: string }>(
  rows: T[],
  size: number,
  count: () => Promise<number>,
): Page<T> {
  const nodes = rows.slice(0, size);
  const last = nodes.at(-1);
  return {
    nodes,
    hasNextPage: rows.length > size,
    endCursor: last ? encodeCursor([last.created, last.id]) : null,
    count,
  };
}

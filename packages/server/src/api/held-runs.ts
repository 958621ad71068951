import type { AuthContext } from '../auth/api-tokens.js';
import { ApiError } from '../errors/api-error.js';
import type { Store } from './store.js';

/** The states of a run whose process is at work: what it holds, it may use. */
const HOLDING_STATES = ['Submitted', 'Running'];

/**
 * Refuses (FORBIDDEN) unless the RUNNER token of `auth` holds flow run `flowRunId`: the run is
 * Submitted or Running and its Submitted state was written with this token (by the agent that
 * claimed it, whose token its process reports with). What a run process may do beyond its own
 * run (read secrets, start child runs) is checked here.
 */
export async function requireHeldRun(
  store: Store,
  auth: AuthContext,
  flowRunId: string,
  what: string,
): Promise<void> {
  const run = await store.db
    .selectFrom('flow_run')
    .select(['state', 'submitted_by_token_id'])
    .where('id', '=', flowRunId)
    .where('tenant_id', '=', auth.tenantId)
    .executeTakeFirst();
  if (!run || !HOLDING_STATES.includes(run.state) || run.submitted_by_token_id !== auth.tokenId) {
    throw new ApiError({
      code: 'FORBIDDEN',
      message: `This RUNNER token does not hold flow run ${flowRunId}, so it may not ${what}: only a Submitted or Running run submitted with the same token may.`,
    });
  }
}

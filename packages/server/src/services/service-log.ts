import { randomUUID } from 'node:crypto';
import { LOG_LEVELS } from '../api/logs.js';
import type { LogLevelName } from '../api/models.js';
import type { Store } from '../api/store.js';
import { nowIso } from '../database/values.js';

/** Writes a log line on behalf of a server service, visible in the run's logs. */
export async function writeServiceLog(
  store: Store,
  tenantId: string,
  target: { flowRunId: string; taskRunId?: string | null },
  level: LogLevelName,
  service: string,
  message: string,
): Promise<void> {
  const now = nowIso();
  await store.db
    .insertInto('log')
    .values({
      id: randomUUID(),
      tenant_id: tenantId,
      flow_run_id: target.flowRunId,
      task_run_id: target.taskRunId ?? null,
      timestamp: now,
      level,
      level_no: LOG_LEVELS[level],
      name: `headwater.server.${service}`,
      message,
      info: null,
      created: now,
    })
    .execute();
}

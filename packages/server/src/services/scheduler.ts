import { selectFlowsWithGroup } from '../api/flow-with-group.js';
import { scheduleFlowRuns } from '../api/scheduling.js';
import { type Store, transact } from '../api/store.js';

/**
 * One scheduler pass: for every active schedule of an unarchived flow, create its next runs
 * (from its flow group's schedule when the group has one).
 * Safe with several replicas: run keys are deterministic and unique in the database.
 * Returns how many runs it created.
 */
export async function schedulerPass(store: Store, now = new Date()): Promise<number> {
  let created = 0;
  let after = '';
  for (;;) {
    const flows = await selectFlowsWithGroup(store.db)
      .where('f.is_schedule_active', '=', 1)
      .where('f.archived', '=', 0)
      .where('f.id', '>', after)
      .orderBy('f.id')
      .limit(500)
      .execute();
    for (const flow of flows) {
      created += await transact(store, (trx) => scheduleFlowRuns(trx, flow.tenant_id, flow, now));
    }
    if (flows.length < 500) return created;
    after = flows.at(-1)!.id;
  }
}

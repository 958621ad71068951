import { stateTypesOf } from '@headwater/core';
import type { Store } from './store.js';

/** Failed states a task reaches by itself; TriggerFailed only passes an upstream failure on. */
const OWN_FAILURES = stateTypesOf('Failed').filter((state) => state !== 'TriggerFailed');

/** Longest failure text returned: a list shows one line, the run page has the whole log. */
const MAX_LENGTH = 300;

/** Whether a flow run in `state` failed (Failed or a state under it). */
export function isFailedState(state: string): boolean {
  return stateTypesOf('Failed').includes(state as never);
}

function shorten(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 1)}…` : line;
}

/**
 * Why each of the failed flow runs `flowRunIds` failed: the first task run that failed by
 * itself, as `<task>: <its message>`, shortened to one line. Runs whose task runs did not fail
 * (the flow failed before them) are missing from the map.
 */
export async function firstTaskFailures(
  store: Store,
  tenantId: string,
  flowRunIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await store.db
    .selectFrom('task_run')
    .select(['flow_run_id', 'task_slug', 'name', 'map_index', 'state', 'state_message'])
    .where('tenant_id', '=', tenantId)
    .where('flow_run_id', 'in', [...flowRunIds])
    .where('state', 'in', OWN_FAILURES)
    .orderBy('state_timestamp')
    .orderBy('id')
    .execute();
  const failures = new Map<string, string>();
  for (const row of rows) {
    if (failures.has(row.flow_run_id)) continue;
    const task = `${row.name ?? row.task_slug}${row.map_index >= 0 ? `[${row.map_index}]` : ''}`;
    failures.set(row.flow_run_id, shorten(`${task}: ${row.state_message ?? row.state}`));
  }
  return failures;
}

/** The one-line failure text of a run whose task runs did not say why (its own state message). */
export function flowRunFailure(stateMessage: string | null, state: string): string {
  return shorten(stateMessage ?? state);
}

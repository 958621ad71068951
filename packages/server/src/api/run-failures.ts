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
 * itself, as `<task name>: <its message>`, shortened to one line. Runs whose task runs did not fail
 * (the flow failed before them) are missing from the map.
 */
export async function firstTaskFailures(
  store: Store,
  tenantId: string,
  flowRunIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await store.db
    .selectFrom('task_run as tr')
    .innerJoin('task as t', 't.id', 'tr.task_id')
    .select(['tr.flow_run_id', 't.name as task_name', 'tr.map_index', 'tr.state', 'tr.state_message'])
    .where('tr.tenant_id', '=', tenantId)
    .where('tr.flow_run_id', 'in', [...flowRunIds])
    .where('tr.state', 'in', OWN_FAILURES)
    .orderBy('tr.state_timestamp')
    .orderBy('tr.id')
    .execute();
  const failures = new Map<string, string>();
  for (const row of rows) {
    if (failures.has(row.flow_run_id)) continue;
    const task = `${row.task_name}${row.map_index >= 0 ? `[${row.map_index}]` : ''}`;
    failures.set(row.flow_run_id, shorten(`${task}: ${row.state_message ?? row.state}`));
  }
  return failures;
}

/** The one-line failure text of a run whose task runs did not say why (its own state message). */
export function flowRunFailure(stateMessage: string | null, state: string): string {
  return shorten(stateMessage ?? state);
}

/**
 * Every state type and its parent, as the wire format names them. This table is the one
 * source of truth for `is*` predicates on the client and for the server's queries
 * ("Scheduled-like", "Finished"), so both sides always agree.
 */
export const STATE_PARENTS = {
  State: null,
  Pending: 'State',
  Scheduled: 'Pending',
  Paused: 'Scheduled',
  Resume: 'Scheduled',
  Retrying: 'Scheduled',
  Submitted: 'State',
  Queued: 'State',
  ClientFailed: 'State',
  Running: 'State',
  Cancelling: 'Running',
  Finished: 'State',
  Success: 'Finished',
  Cached: 'Success',
  Mapped: 'Success',
  Skipped: 'Success',
  Failed: 'Finished',
  TimedOut: 'Failed',
  TriggerFailed: 'Failed',
  Cancelled: 'Finished',
  Looped: 'Finished',
} as const satisfies Record<string, string | null>;

/** The name of a state type, e.g. `"Success"`. */
export type StateType = keyof typeof STATE_PARENTS;

/** All state type names. */
export const STATE_TYPES = Object.keys(STATE_PARENTS) as StateType[];

/** True when `type` is a known state type name. */
export function isStateType(type: string): type is StateType {
  return Object.hasOwn(STATE_PARENTS, type);
}

/** True when `type` is `ancestor` or one of its descendants (e.g. `Cached` is a `Success`). */
export function isStateTypeOf(type: string, ancestor: StateType): boolean {
  let current: string | null = type;
  while (current !== null) {
    if (current === ancestor) return true;
    current = isStateType(current) ? STATE_PARENTS[current] : null;
  }
  return false;
}

/** Every state type that is `ancestor` or descends from it. */
export function stateTypesOf(ancestor: StateType): StateType[] {
  return STATE_TYPES.filter((type) => isStateTypeOf(type, ancestor));
}

/** States an agent may pick up: Scheduled and its subclasses, plus Queued. */
export const SCHEDULED_LIKE_STATES: readonly StateType[] = [...stateTypesOf('Scheduled'), 'Queued'];

/** States after which a run does nothing more. */
export const FINISHED_STATES: readonly StateType[] = stateTypesOf('Finished');

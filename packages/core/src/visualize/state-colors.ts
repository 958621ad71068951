import { STATE_PARENTS, type StateType } from '../states/state-hierarchy.js';

/** How a task in a state is filled in a drawing. */
export interface StateColor {
  fill: string;
  text: string;
}

/** Colours of the state types that have their own; the others take their parent's. */
const OWN_COLORS: Partial<Record<StateType, StateColor>> = {
  State: { fill: '#ffffff', text: '#000000' },
  Pending: { fill: '#d3d3d3', text: '#000000' },
  Scheduled: { fill: '#ffc107', text: '#000000' },
  Paused: { fill: '#cfab61', text: '#000000' },
  Resume: { fill: '#20b2aa', text: '#ffffff' },
  Submitted: { fill: '#fff9c4', text: '#000000' },
  Queued: { fill: '#fff173', text: '#000000' },
  Running: { fill: '#1e90ff', text: '#ffffff' },
  Success: { fill: '#28a745', text: '#ffffff' },
  Cached: { fill: '#5fa777', text: '#ffffff' },
  Mapped: { fill: '#97ffff', text: '#000000' },
  Skipped: { fill: '#f0fff0', text: '#000000' },
  Failed: { fill: '#dc3545', text: '#ffffff' },
  TimedOut: { fill: '#cdc9a5', text: '#000000' },
  TriggerFailed: { fill: '#f08080', text: '#000000' },
  Cancelled: { fill: '#6c757d', text: '#ffffff' },
  Looped: { fill: '#9400d3', text: '#ffffff' },
};

/** The colour a task in `state` is drawn in: its own, else its nearest ancestor's. */
export function stateColor(state: StateType): StateColor {
  let current: StateType | null = state;
  while (current !== null) {
    const own = OWN_COLORS[current];
    if (own !== undefined) return own;
    current = STATE_PARENTS[current];
  }
  return OWN_COLORS.State!;
}

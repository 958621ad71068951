import { VERSION } from '@headwater/core';

type WireState = Record<string, unknown>;

const base = (type: string, message: string): WireState => ({
  type,
  message,
  context: null,
  _result: { type: 'NoResultType', __version__: VERSION },
  __version__: VERSION,
});

/** `Submitted` wrapping the state the run was claimed in, as the agent writes it. */
export function submittedState(message: string, previous: Record<string, unknown>): WireState {
  return { ...base('Submitted', message), state: previous };
}

/** `Failed`, for runs the platform could not start or that died without a final state. */
export function failedState(message: string): WireState {
  return { ...base('Failed', message), cached_inputs: null };
}

/** `Scheduled` due now, for runs an agent hands back when it stops. */
export function scheduledState(message: string): WireState {
  return { ...base('Scheduled', message), cached_inputs: null, start_time: new Date().toISOString() };
}

/** `Pending`, for task runs whose process was stopped before they finished. */
export function pendingState(message: string): WireState {
  return { ...base('Pending', message), cached_inputs: null };
}

/** `Cancelled`, for a Cancelling run whose process is gone. */
export function cancelledState(message: string): WireState {
  return base('Cancelled', message);
}

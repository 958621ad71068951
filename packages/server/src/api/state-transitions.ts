import { isStateTypeOf, STATE_TYPES } from '@headwater/core';
import { ApiError } from '../errors/api-error.js';

const finished = (type: string) => isStateTypeOf(type, 'Finished');
const pendingLike = (type: string) => isStateTypeOf(type, 'Pending');
const runningLike = (type: string) => isStateTypeOf(type, 'Running');

/**
 * Which current states each restricted state may follow, and why. Every other state may follow
 * any state: Pending and the Scheduled family (a restart, an agent giving a run back, lazarus,
 * retries, pause and resume), every finished state (a run ends, is skipped, cached or
 * cancelled from anywhere, or is marked by hand), and ClientFailed.
 */
const RULES: Record<string, { mayFollow: (current: string) => boolean; why: string }> = {
  Running: {
    // A Looped task run runs its next iteration.
    mayFollow: (current) => current === 'Looped' || !(finished(current) || current === 'Cancelling'),
    why: 'a finished or cancelling run does not run again; to run it again, restart it: set it Scheduled (a task run: Pending), and it is picked up from there',
  },
  Cancelling: {
    mayFollow: runningLike,
    why: 'only a Running run can be cancelling (its process finishes the job); set a run that is not running Cancelled, or use cancelFlowRun',
  },
  Submitted: {
    mayFollow: (current) => !(finished(current) || runningLike(current)),
    why: 'only a run waiting to start (Scheduled-like, Pending, Queued or Submitted) can be submitted',
  },
  Queued: {
    mayFollow: (current) => !(finished(current) || current === 'Cancelling'),
    why: 'a finished or cancelling run cannot be queued',
  },
};

/** True when a run in state `current` may be given state `next`. */
export function mayTransition(current: string, next: string): boolean {
  return RULES[next]?.mayFollow(current) ?? true;
}

/**
 * The states a run must be in to be given `next`, or null when any state may be. A state
 * write adds this to its version-locked UPDATE, so the check costs no extra query.
 */
export function requiredCurrentStates(next: string): string[] | null {
  return RULES[next] ? STATE_TYPES.filter((current) => mayTransition(current, next)) : null;
}

/** Every state a run in state `current` may be given. */
export function allowedNextStates(current: string): string[] {
  return STATE_TYPES.filter((next) => next !== 'State' && mayTransition(current, next));
}

/** Names a list of states compactly: the Pending and Finished families by their parents. */
function describeStates(states: readonly string[]): string {
  const parts: string[] = [];
  const all = (test: (type: string) => boolean) =>
    STATE_TYPES.filter(test).every((type) => states.includes(type));
  if (all(pendingLike))
    parts.push('Pending or any Scheduled-like state (Scheduled, Paused, Resume, Retrying)');
  if (all(finished)) parts.push('any finished state (Success, Failed, Cancelled, …)');
  for (const type of states) {
    const grouped = (all(pendingLike) && pendingLike(type)) || (all(finished) && finished(type));
    if (!grouped) parts.push(type);
  }
  return parts.join(', ');
}

/** The `BAD_USER_INPUT` refusing a state write that `current` may not be followed by. */
export function transitionError(
  kind: 'flow run' | 'task run',
  id: string,
  current: string,
  next: string,
): ApiError {
  const allowed = allowedNextStates(current);
  return new ApiError({
    code: 'BAD_USER_INPUT',
    message: `State update refused for ${kind} ${id}: it is ${current} and cannot become ${next}: ${RULES[next]?.why ?? 'not allowed'}. From ${current} it may become ${describeStates(allowed)}.`,
    details: { id, currentState: current, proposedState: next, allowedStates: allowed },
  });
}

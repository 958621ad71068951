import { STATE_TYPES } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import {
  allowedNextStates,
  mayTransition,
  requiredCurrentStates,
  transitionError,
} from './state-transitions.js';

describe('state transitions', () => {
  it.each([
    // The paths runs take: an agent claims, the process runs, tasks retry, loop and finish.
    ['Scheduled', 'Submitted'],
    ['Submitted', 'Submitted'],
    ['Submitted', 'Running'],
    ['Scheduled', 'Running'],
    ['Pending', 'Running'],
    ['Running', 'Running'],
    ['Running', 'Failed'],
    ['Failed', 'Retrying'],
    ['Retrying', 'Submitted'],
    ['Retrying', 'Running'],
    ['Running', 'Looped'],
    ['Looped', 'Running'],
    ['Pending', 'Paused'],
    ['Paused', 'Resume'],
    ['Resume', 'Running'],
    // Approvals: a task (and its flow run) pauses, is resumed, or wakes up at its time.
    ['Running', 'Paused'],
    ['Paused', 'Scheduled'],
    ['Paused', 'Submitted'],
    ['Paused', 'Running'],
    ['Resume', 'Submitted'],
    ['Pending', 'Cached'],
    ['Pending', 'Skipped'],
    ['Running', 'Mapped'],
    ['Running', 'Queued'],
    ['Queued', 'Running'],
    ['Running', 'Cancelling'],
    ['Cancelling', 'Cancelled'],
    ['Cancelling', 'Success'],
    ['Scheduled', 'Cancelled'],
    // Restarts, agents giving runs back, lazarus and the zombie killer.
    ['Failed', 'Scheduled'],
    ['Success', 'Pending'],
    ['Cancelled', 'Scheduled'],
    ['Running', 'Scheduled'],
    ['Submitted', 'Scheduled'],
    ['Running', 'Pending'],
    ['Submitted', 'Failed'],
    ['Failed', 'Success'],
  ])('allows %s → %s', (current, next) => {
    expect(mayTransition(current, next)).toBe(true);
  });

  it.each([
    ['Success', 'Running'],
    ['Failed', 'Running'],
    ['Cancelled', 'Running'],
    ['Cancelling', 'Running'],
    ['Success', 'Cancelling'],
    ['Scheduled', 'Cancelling'],
    ['Submitted', 'Cancelling'],
    ['Success', 'Submitted'],
    ['Running', 'Submitted'],
    ['Cancelled', 'Queued'],
  ])('refuses %s → %s', (current, next) => {
    expect(mayTransition(current, next)).toBe(false);
  });

  it('restricts the current state only for the targets with a rule', () => {
    expect(requiredCurrentStates('Scheduled')).toBeNull();
    expect(requiredCurrentStates('Success')).toBeNull();
    expect(requiredCurrentStates('Cancelling')).toEqual(['Running', 'Cancelling']);
    expect(requiredCurrentStates('Running')).toContain('Looped');
    expect(requiredCurrentStates('Running')).not.toContain('Success');
    for (const next of ['Running', 'Cancelling', 'Submitted', 'Queued']) {
      for (const current of STATE_TYPES) {
        expect(requiredCurrentStates(next)!.includes(current)).toBe(mayTransition(current, next));
      }
    }
  });

  it('says what the run may become instead', () => {
    const error = transitionError('flow run', 'r1', 'Success', 'Running');
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(
      'State update refused for flow run r1: it is Success and cannot become Running: a finished or cancelling run does not run again; to run it again, restart it: set it Scheduled (a task run: Pending), and it is picked up from there. From Success it may become Pending or any Scheduled-like state (Scheduled, Paused, Resume, Retrying), any finished state (Success, Failed, Cancelled, …), ClientFailed.',
    );
    expect(error.details).toMatchObject({ currentState: 'Success', proposedState: 'Running' });
    expect(allowedNextStates('Success')).not.toContain('Running');
  });
});

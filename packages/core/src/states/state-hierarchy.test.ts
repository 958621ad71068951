import { describe, expect, it } from 'vitest';
import { FINISHED_STATES, isStateType, isStateTypeOf, SCHEDULED_LIKE_STATES } from './state-hierarchy.js';

describe('state hierarchy', () => {
  it('follows parents up the tree', () => {
    expect(isStateTypeOf('Cached', 'Success')).toBe(true);
    expect(isStateTypeOf('Cached', 'Finished')).toBe(true);
    expect(isStateTypeOf('Retrying', 'Pending')).toBe(true);
    expect(isStateTypeOf('Running', 'Finished')).toBe(false);
    expect(isStateTypeOf('NotAState', 'State')).toBe(false);
  });

  it('lists the scheduled-like and finished families', () => {
    expect([...SCHEDULED_LIKE_STATES].sort()).toEqual([
      'Paused',
      'Queued',
      'Resume',
      'Retrying',
      'Scheduled',
    ]);
    expect(FINISHED_STATES).toContain('TimedOut');
    expect(FINISHED_STATES).not.toContain('Cancelling');
    expect(isStateType('Looped')).toBe(true);
    expect(isStateType('toString')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { expandStates } from './parse-states.js';
import { UsageError } from './usage-error.js';

describe('expandStates', () => {
  it('takes in the states under each one named, whatever its case', async () => {
    expect(await expandStates(['failed'])).toEqual(['Failed', 'TimedOut', 'TriggerFailed']);
    expect(await expandStates(['Running', 'Scheduled'])).toEqual([
      'Running',
      'Cancelling',
      'Scheduled',
      'Paused',
      'Resume',
      'Retrying',
    ]);
    expect(await expandStates(['Success', 'Cached'])).toEqual(['Success', 'Cached', 'Mapped', 'Skipped']);
  });

  it('refuses an unknown state, listing the ones there are', async () => {
    const error = await expandStates(['Faild']).catch((e: unknown) => e);
    expect(UsageError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^Unknown state "Faild" for --state: use one of State, Pending, /,
    );
  });
});

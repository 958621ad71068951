import { describe, expect, it } from 'vitest';
import { summarizeCancels } from './bulk-cancel.js';

describe('summarizeCancels', () => {
  it('counts cancelled and stopping runs and names each one that was not cancelled, with why', () => {
    expect(
      summarizeCancels([
        { name: 'a', state: 'Cancelled', error: null },
        { name: 'b', state: 'Cancelled', error: null },
        { name: 'c', state: 'Cancelling', error: null },
        { name: 'd', state: 'Success', error: null },
        { name: 'e', state: null, error: 'Flow run e was not found in this tenant.' },
      ]),
    ).toEqual({
      headline: 'Cancelled 2 runs. 1 run is stopping (Cancelling). 2 runs were not cancelled:',
      problems: ['d: already Success, left as it is', 'e: Flow run e was not found in this tenant.'],
    });
    expect(summarizeCancels([{ name: 'a', state: 'Cancelled', error: null }]).headline).toBe(
      'Cancelled 1 run.',
    );
  });
});

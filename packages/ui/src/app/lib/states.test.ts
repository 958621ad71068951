import { describe, expect, it } from 'vitest';
import { createStateCatalog } from './states.js';

// The hierarchy as the server reports it (`referenceData.stateTypes`).
const catalog = createStateCatalog([
  { name: 'State', parent: null },
  { name: 'Pending', parent: 'State' },
  { name: 'Scheduled', parent: 'Pending' },
  { name: 'Retrying', parent: 'Scheduled' },
  { name: 'Submitted', parent: 'State' },
  { name: 'Running', parent: 'State' },
  { name: 'Cancelling', parent: 'Running' },
  { name: 'Finished', parent: 'State' },
  { name: 'Success', parent: 'Finished' },
  { name: 'Cached', parent: 'Success' },
  { name: 'Failed', parent: 'Finished' },
  { name: 'TimedOut', parent: 'Failed' },
  { name: 'Cancelled', parent: 'Finished' },
]);

describe('createStateCatalog', () => {
  it('answers ancestry questions through the hierarchy', () => {
    expect(catalog.isA('Cached', 'Success')).toBe(true);
    expect(catalog.isA('Cached', 'Failed')).toBe(false);
    expect(catalog.isFinished('TimedOut')).toBe(true);
    expect(catalog.isFinished('Cancelling')).toBe(false);
  });

  it('colours a state by its nearest known ancestor', () => {
    expect(catalog.tone('Cached')).toBe('success');
    expect(catalog.tone('TimedOut')).toBe('failed');
    expect(catalog.tone('Cancelling')).toBe('cancelling');
    expect(catalog.tone('Retrying')).toBe('retrying');
    expect(catalog.tone('Pending')).toBe('pending');
    expect(catalog.tone('SomethingNew')).toBe('unknown');
  });

  it('counts runs in the dashboard groups', () => {
    expect(catalog.summaryGroup('Cached')).toBe('Success');
    expect(catalog.summaryGroup('TimedOut')).toBe('Failed');
    expect(catalog.summaryGroup('Submitted')).toBe('Running');
    expect(catalog.summaryGroup('Retrying')).toBe('Scheduled');
    expect(catalog.summaryGroup('Pending')).toBeNull();
  });
});

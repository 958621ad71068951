import { describe, expect, it } from 'vitest';
import type { AgentModel } from './models.js';
import { labelsFit, storageFits } from './queue.js';
import { waitingFor } from './waiting-for.js';

const now = Date.UTC(2030, 0, 1);
const due = { state: 'Scheduled', stateStartTime: new Date(now - 1000).toISOString(), labels: ['etl'] };

function agent(labels: string[], storageTypes: string[] | null): AgentModel {
  return {
    id: 'a',
    name: 'a',
    type: 'ProcessAgent',
    labels,
    coreVersion: null,
    storageTypes,
    lastQueried: new Date(now).toISOString(),
    created: new Date(now).toISOString(),
  };
}

describe('the queue rules on values', () => {
  it('follows labelsSubsetOf: a labelled agent takes non-empty subsets, an unlabelled one only unlabelled runs', () => {
    expect(labelsFit(['a'], ['a', 'b'])).toBe(true);
    expect(labelsFit(['a', 'c'], ['a', 'b'])).toBe(false);
    expect(labelsFit([], ['a'])).toBe(false);
    expect(labelsFit([], [])).toBe(true);
    expect(labelsFit(['a'], [])).toBe(false);
  });

  it('lets an agent without a list run any storage, and one with a list only its types', () => {
    expect(storageFits('Docker', null)).toBe(true);
    expect(storageFits(null, null)).toBe(true);
    expect(storageFits('Docker', ['Local'])).toBe(false);
    expect(storageFits(null, ['Local'])).toBe(false);
    expect(storageFits('Local', ['Docker', 'Local'])).toBe(true);
  });
});

describe('waitingFor', () => {
  it('is null for runs that are not due, not waiting, or taken', () => {
    expect(
      waitingFor({ ...due, stateStartTime: new Date(now + 1000).toISOString() }, 'Local', [], now),
    ).toBeNull();
    expect(waitingFor({ ...due, state: 'Running' }, 'Local', [], now)).toBeNull();
    expect(waitingFor({ ...due, state: 'Success' }, 'Local', [], now)).toBeNull();
    expect(waitingFor(due, 'Local', [agent(['etl'], ['Local'])], now)).toBeNull();
    expect(waitingFor({ ...due, state: 'Retrying' }, 'Local', [agent(['etl'], ['Local'])], now)).toBeNull();
  });

  it('names the agent command for the storage type, with the run labels as flags', () => {
    expect(waitingFor(due, 'Local', [agent(['etl'], ['Docker'])], now)).toBe(
      'No connected agent runs Local storage with labels [etl]: start one with `headwater agent start process --label etl`',
    );
    expect(
      waitingFor({ ...due, state: 'Queued', labels: ['etl', "o'clock"] }, 'Docker', [agent([], null)], now),
    ).toBe(
      "No connected agent runs Docker storage with labels [etl, o'clock]: start one with `headwater agent start docker --label etl --label 'o'\\''clock'`",
    );
  });

  it('names the package of a plugin type, and says what it can of other types', () => {
    expect(waitingFor({ ...due, labels: [] }, '@acme/storage-s3:storagePlugin', [], now)).toBe(
      'No agent is connected: start an agent in a project that has @acme/storage-s3 installed, or with `--plugin @acme/storage-s3`',
    );
    expect(waitingFor(due, 'Memory', [agent(['etl'], ['Local'])], now)).toBe(
      'No connected agent runs Memory storage with labels [etl]: start an agent that runs Memory storage with `--label etl`',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { isFiltered, readRunListQuery, runListFilter, runListLink } from './run-list-query.js';

describe('run list query', () => {
  it('round-trips through the URL and leaves out what is not set', () => {
    const link = runListLink({ search: ' nightly ', state: 'failed', labels: ['prod', 'eu'], range: '1h' });
    expect(link).toBe('/flow-runs?q=nightly&state=failed&label=prod&label=eu&range=1h');
    const query = readRunListQuery(new URLSearchParams(link.split('?')[1]));
    expect(query).toMatchObject({ search: 'nightly', state: 'failed', labels: ['prod', 'eu'], range: '1h' });
    expect(runListLink({})).toBe('/flow-runs');
    expect(isFiltered(readRunListQuery(new URLSearchParams('')))).toBe(false);
  });

  it('makes the API filter, a relative range counted back from now and a custom one as given', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const relative = readRunListQuery(new URLSearchParams('range=1h&state=running&flow=g1&project=p1'));
    expect(runListFilter(relative, now)).toEqual({
      states: ['Submitted', 'Queued', 'Running', 'Cancelling'],
      versionGroupId: 'g1',
      projectId: 'p1',
      scheduledAfter: '2026-01-01T11:00:00.000Z',
    });
    const custom = readRunListQuery(
      new URLSearchParams('from=2026-01-01T10:00:00.000Z&to=2026-01-01T11:00:00.000Z&range=1h'),
    );
    expect(custom.range).toBe('custom');
    expect(runListFilter(custom, now)).toEqual({
      scheduledAfter: '2026-01-01T10:00:00.000Z',
      scheduledBefore: '2026-01-01T11:00:00.000Z',
    });
  });

  it('ignores a state or range it does not know', () => {
    const query = readRunListQuery(new URLSearchParams('state=bogus&range=2y'));
    expect(query.state).toBe('');
    expect(query.range).toBe('');
  });
});

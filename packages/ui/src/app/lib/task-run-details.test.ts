import { describe, expect, it } from 'vitest';
import { inputsSummary, resultLocation } from './task-run-details.js';

const safe = (value: unknown, handler: Record<string, unknown>) => ({
  type: 'SafeResult',
  value,
  result_handler: handler,
  __version__: '0.1.0',
});

describe('resultLocation', () => {
  it('says there is no result for a task run that is not checkpointed or not finished', () => {
    expect(resultLocation({ type: 'Success', _result: { type: 'NoResultType' } })).toEqual({ kind: 'none' });
    expect(resultLocation(null)).toEqual({ kind: 'none' });
  });

  it("gives a handler's reference, e.g. a LocalResultHandler's file", () => {
    const state = {
      _result: safe('/var/results/a.json', { type: 'LocalResultHandler', dir: '/var/results' }),
    };
    expect(resultLocation(state)).toEqual({
      kind: 'stored',
      handler: 'LocalResultHandler',
      location: '/var/results/a.json',
    });
  });

  it('shows a value kept in the state with its size, shortened when long', () => {
    expect(resultLocation({ _result: safe({ rows: 3 }, { type: 'JSONResultHandler' }) })).toEqual({
      kind: 'inline',
      handler: 'JSONResultHandler',
      preview: '{"rows":3}',
      bytes: 10,
    });
    const long = resultLocation({ _result: safe('x'.repeat(500), { type: 'JSONResultHandler' }) });
    expect(long.kind === 'inline' && long.preview.length).toBe(200);
  });
});

describe('inputsSummary', () => {
  const edges = [
    { upstreamTaskId: 'e', downstreamTaskId: 't', key: 'rows', mapped: false },
    { upstreamTaskId: 'c', downstreamTaskId: 't', key: 'config', mapped: true },
    { upstreamTaskId: 't', downstreamTaskId: 'l', key: 'rows', mapped: false },
  ];
  const names = new Map([
    ['e', 'extract'],
    ['c', 'configure'],
    ['t', 'transform'],
  ]);

  it("lists a task's upstream edges by argument, with the newest recorded value", () => {
    const states = [
      { type: 'Pending' },
      { type: 'Retrying', cached_inputs: { rows: safe([1], { type: 'JSONResultHandler' }) } },
      { type: 'Failed', cached_inputs: { rows: safe([1, 2], { type: 'JSONResultHandler' }) } },
    ];
    expect(inputsSummary('t', edges, names, states)).toEqual([
      { key: 'config', from: 'configure', mapped: true, value: null },
      { key: 'rows', from: 'extract', mapped: false, value: '[1,2]' },
    ]);
  });

  it('has nothing for a task without upstream tasks', () => {
    expect(inputsSummary('e', edges, names, [])).toEqual([]);
  });
});

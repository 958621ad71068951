import { describe, expect, it } from 'vitest';
import {
  effectiveParameters,
  jsonObjectText,
  parseJsonObject,
  parseLabels,
  parseScheduleDraft,
  scheduleDraft,
} from './flow-group.js';

describe('parseJsonObject', () => {
  it('reads an object, and empty text as {}', () => {
    expect(parseJsonObject('{"times": 3, "who": {"name": "Ada"}}')).toEqual({
      ok: true,
      value: { times: 3, who: { name: 'Ada' } },
    });
    expect(parseJsonObject('  \n')).toEqual({ ok: true, value: {} });
  });

  it('says what is wrong with anything else', () => {
    const broken = parseJsonObject('{"times": 3');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).toMatch(/^This is not valid JSON \(.+\)\. Write a JSON object/);
    expect(parseJsonObject('[1, 2]')).toEqual({
      ok: false,
      error: 'This is a list; write a JSON object, like {"key": "value"}.',
    });
    expect(!parseJsonObject('null').ok && parseJsonObject('null')).toMatchObject({ error: /This is null;/ });
    expect(parseJsonObject('42')).toMatchObject({ ok: false, error: /This is a number;/ });
  });

  it('round-trips with jsonObjectText', () => {
    expect(jsonObjectText({})).toBe('');
    expect(jsonObjectText(null)).toBe('');
    const text = jsonObjectText({ a: [1, 2] });
    expect(text).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(parseJsonObject(text)).toEqual({ ok: true, value: { a: [1, 2] } });
  });
});

describe('parseLabels', () => {
  it('splits on commas, trims, drops empties and duplicates, sorts', () => {
    expect(parseLabels(' gpu, eu-west ,gpu,')).toEqual(['eu-west', 'gpu']);
    expect(parseLabels('')).toEqual([]);
  });
});

describe('effectiveParameters', () => {
  it("overlays the group's defaults on the flow's, leaving other parameters alone", () => {
    const flow = [
      { name: 'name', slug: 'name', required: true, default: null },
      { name: 'times', slug: 'times', required: false, default: 2 },
    ];
    expect(effectiveParameters(flow, { name: 'Ada', extra: true })).toEqual([
      { name: 'name', slug: 'name', required: true, default: 'Ada' },
      { name: 'times', slug: 'times', required: false, default: 2 },
    ]);
  });
});

describe('scheduleDraft and parseScheduleDraft', () => {
  it('reads a wire schedule into the form and back into the mutation input', () => {
    const draft = scheduleDraft({
      type: 'Schedule',
      clocks: [
        {
          type: 'CronClock',
          cron: '0 6 * * 1-5',
          timezone: 'Europe/Berlin',
          parameter_defaults: { times: 4 },
        },
        { type: 'IntervalClock', interval: 7_200_000_000, timezone: 'Europe/Berlin', parameter_defaults: {} },
      ],
    });
    expect(draft.timezone).toBe('Europe/Berlin');
    expect(draft.clocks.map(({ kind, value }) => ({ kind, value }))).toEqual([
      { kind: 'cron', value: '0 6 * * 1-5' },
      { kind: 'interval', value: '7200' },
    ]);
    expect(parseScheduleDraft(draft)).toEqual({
      ok: true,
      input: {
        cronClocks: [{ cron: '0 6 * * 1-5', parameterDefaults: { times: 4 } }],
        intervalClocks: [{ interval: 7200 }],
        timezone: 'Europe/Berlin',
      },
    });
  });

  it('starts with one empty cron clock in UTC when there is no schedule', () => {
    const draft = scheduleDraft(null);
    expect(draft.timezone).toBe('UTC');
    expect(draft.clocks).toHaveLength(1);
    expect(draft.clocks[0]).toMatchObject({ kind: 'cron', value: '' });
  });

  it('names each field the browser can tell is wrong', () => {
    const [cron, interval] = [
      { key: 'a', kind: 'cron' as const, value: ' ', parameterDefaults: '[1]' },
      { key: 'b', kind: 'interval' as const, value: '1.5', parameterDefaults: '' },
    ];
    const parsed = parseScheduleDraft({ timezone: '', clocks: [cron, interval] });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && Object.keys(parsed.errors).sort()).toEqual([
      'a.parameterDefaults',
      'a.value',
      'b.value',
    ]);
    expect(parseScheduleDraft({ timezone: 'UTC', clocks: [] })).toMatchObject({
      ok: false,
      errors: { timezone: /at least one clock/ },
    });
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseParameters, parsePositiveInteger } from './parse-options.js';
import { UsageError } from './usage-error.js';

describe('parseParameters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'headwater-params-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads JSON values, and strings for anything else', () => {
    expect(parseParameters(['x=1', 'name=etl', 'tags=["a","b"]', 'eq=a=b', 'empty='])).toEqual({
      x: 1,
      name: 'etl',
      tags: ['a', 'b'],
      eq: 'a=b',
      empty: '',
    });
  });

  it('overlays --param on the parameters file', () => {
    const file = join(dir, 'params.json');
    writeFileSync(file, JSON.stringify({ x: 1, y: 2 }));
    expect(parseParameters(['y=3'], file)).toEqual({ x: 1, y: 3 });
  });

  it('refuses malformed pairs and files with a usage error', () => {
    for (const bad of ['novalue', '=1']) {
      const error = (() => {
        try {
          parseParameters([bad]);
        } catch (e) {
          return e;
        }
      })();
      expect(UsageError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`Malformed --param "${bad}"`);
    }
    const array = join(dir, 'array.json');
    writeFileSync(array, '[1]');
    expect(() => parseParameters([], array)).toThrow(/must hold a JSON object/);
    expect(() => parseParameters([], join(dir, 'missing.json'))).toThrow(/Cannot read the parameters file/);
  });

  it('parses positive integers only', () => {
    expect(parsePositiveInteger('12')).toBe(12);
    expect(() => parsePositiveInteger('0')).toThrow(/not a positive integer/);
    expect(() => parsePositiveInteger('1.5')).toThrow(/not a positive integer/);
  });
});

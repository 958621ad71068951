import { describe, expect, it } from 'vitest';
import { ResultSerializationError } from '../errors/result-serialization-error.js';
import { decodeResult, encodeResult, RESULT_ENCODING_KEY } from './result-codec.js';

const roundTrip = (value: unknown) => decodeResult(JSON.parse(JSON.stringify(encodeResult(value))));

describe('result codec', () => {
  it('stores plain JSON as it is', () => {
    const value = { rows: [1, 'two', null, true, { nested: [] }] };
    expect(encodeResult(value)).toBe(value);
    expect(decodeResult(value)).toBe(value);
  });

  it('keeps what JSON would change: Map, Set, Date, BigInt, undefined, NaN, Infinity, -0, cycles', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    const value = {
      map: new Map<unknown, unknown>([['a', new Set([1n, 2n])]]),
      at: new Date('2026-01-02T03:04:05.000Z'),
      missing: undefined,
      numbers: [Number.NaN, Number.POSITIVE_INFINITY, -0],
      cycle,
    };
    const back = roundTrip(value) as typeof value;
    expect(back.map).toBeInstanceOf(Map);
    expect(back.map.get('a')).toEqual(new Set([1n, 2n]));
    expect(back.at).toEqual(new Date('2026-01-02T03:04:05.000Z'));
    expect('missing' in back && back.missing === undefined).toBe(true);
    expect(Object.is(back.numbers[0], Number.NaN) && Object.is(back.numbers[2], -0)).toBe(true);
    expect(back.numbers[1]).toBe(Number.POSITIVE_INFINITY);
    expect(back.cycle.self).toBe(back.cycle);
    expect(roundTrip(undefined)).toBeUndefined();
  });

  it('keeps a plain result that looks like an encoded one', () => {
    const lookalike = { [RESULT_ENCODING_KEY]: 'devalue/1', data: '[1]' };
    expect(roundTrip(lookalike)).toEqual(lookalike);
  });

  it('says what to do with a stored result that no longer decodes', () => {
    expect(() => decodeResult({ [RESULT_ENCODING_KEY]: 'devalue/1', data: '[{"a":7}]' })).toThrow(
      /could not be decoded.*Run the task again/,
    );
  });

  it('refuses class instances, functions and symbol keys, naming the path and the type', () => {
    class Customer {
      constructor(readonly id: number) {}
    }
    const refusal = (value: unknown) => {
      try {
        encodeResult(value);
      } catch (error) {
        expect(ResultSerializationError.isInstance(error)).toBe(true);
        return error as ResultSerializationError;
      }
      throw new Error('expected a refusal');
    };
    const instance = refusal({ rows: [{ owner: new Customer(1) }] });
    expect(instance.path).toBe('result.rows[0].owner');
    expect(instance.valueType).toBe('Customer');
    expect(instance.message).toMatch(/result\.rows\[0\]\.owner is an instance of Customer.*plain object/);
    expect(refusal(() => 1).message).toMatch(/^result is a function/);
    expect(refusal({ [Symbol('s')]: 1 }).valueType).toBe('object with symbol keys');
  });
});

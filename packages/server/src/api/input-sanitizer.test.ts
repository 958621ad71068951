import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { formatInputPath, sanitizeInput } from './input-sanitizer.js';

const options = { maxDepth: 100 };

function refusal(value: unknown, root = 'input'): ApiError {
  try {
    sanitizeInput(value, root, options);
  } catch (error) {
    if (ApiError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('the value was accepted');
}

/** `{ a: { a: … 1 } }`, `levels` objects deep, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('sanitizeInput', () => {
  it('accepts ordinary text and JSON, up to the depth limit', () => {
    expect(() =>
      sanitizeInput({ name: 'ok ✓ 😀', list: [1, 'two', null, { three: true }] }, 'input', options),
    ).not.toThrow();
    expect(() => sanitizeInput(nested(100), 'input', options)).not.toThrow();
  });

  it('refuses a NUL in a string value, naming its path', () => {
    const error = refusal({ parameters: { a: { b: [0, 1, 2, 'x\u0000y'] } } });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(
      'Invalid input at input.parameters.a.b[3]: text contains a NUL character (U+0000), which the database cannot store; remove it.',
    );
  });

  it('refuses a NUL in an object key, quoting the key escaped', () => {
    expect(refusal({ info: { 'bad\u0000key': 1 } }).message).toContain(
      'input.info["bad\\u0000key"]: text contains a NUL',
    );
  });

  it('refuses unpaired surrogates but not pairs', () => {
    expect(refusal({ message: 'a\uD800b' }).message).toContain(
      'input.message: text contains an unpaired UTF-16 surrogate',
    );
    expect(refusal({ message: 'a\uDC00' }).message).toContain('unpaired');
    expect(() => sanitizeInput({ message: '\uD83D\uDE00' }, 'input', options)).not.toThrow();
  });

  it('refuses nesting one level past the limit with the limit named', () => {
    const error = refusal(nested(101));
    expect(error.limit).toBe('jsonDepth');
    expect(error.message).toMatch(
      /^Invalid input at input\.a\.a.*: the value is nested deeper than 100 levels/,
    );
  });

  it('walks a value nested far deeper than the stack allows without overflowing', () => {
    let value: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) value = [value];
    expect(refusal(value).limit).toBe('jsonDepth');
    expect(() => sanitizeInput(value, 'input', { maxDepth: Number.POSITIVE_INFINITY })).toThrow(/NUL/);
  });
});

describe('formatInputPath', () => {
  it('writes identifiers with dots, indexes and other keys in brackets', () => {
    expect(formatInputPath(['input', 'logs', 0, 'info', 'a b'])).toBe('input.logs[0].info["a b"]');
  });

  it('cuts a very long key', () => {
    expect(formatInputPath(['input', 'k'.repeat(1000)])).toBe(`input["${'k'.repeat(64)}…"]`);
  });

  it('shortens a very deep path in the middle', () => {
    const path = formatInputPath(['input', ...Array.from({ length: 40 }, (_, i) => `k${i}`)]);
    expect(path).toBe('input.k0.k1.k2.k3.k4.k5.k6…(25 more levels)….k32.k33.k34.k35.k36.k37.k38.k39');
  });
});

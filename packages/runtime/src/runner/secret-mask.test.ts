import { Failed } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { SecretMask } from './secret-mask.js';

describe('SecretMask', () => {
  it('replaces every value it was given, longest first, in text and in the JSON form of quotes and backslashes', () => {
    const mask = new SecretMask();
    mask.add('abc');
    mask.add('abcdef');
    mask.add('q"uo\\te');
    expect(mask.text('x abcdef y abc z')).toBe('x **** y **** z');
    expect(mask.text(JSON.stringify({ password: 'q"uo\\te' }))).toBe('{"password":"****"}');
  });

  it('masks strings inside plain objects, arrays and states, and leaves signals and dates as they are', () => {
    const mask = new SecretMask();
    mask.add('hunter2');
    const signal = new AbortController().signal;
    const date = new Date(0);
    const masked = mask.deep({
      logs: [{ message: 'password hunter2' }],
      state: new Failed({ message: 'could not log in with hunter2' }),
      signal,
      date,
    });
    expect(masked.logs[0]!.message).toBe('password ****');
    expect((masked.state as unknown as { message: string }).message).toBe('could not log in with ****');
    expect(masked.signal).toBe(signal);
    expect(masked.date).toBe(date);
  });

  it('changes nothing before a value was read', () => {
    const value = { message: 'hunter2' };
    expect(new SecretMask().deep(value)).toBe(value);
  });
});

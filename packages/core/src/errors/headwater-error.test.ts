import { describe, expect, it } from 'vitest';
import { HeadwaterError } from './headwater-error.js';

describe('HeadwaterError', () => {
  it('carries code, message and cause', () => {
    const cause = new Error('disk full');
    const error = new HeadwaterError({ code: 'TEST', message: 'could not write', cause });
    expect(error.code).toBe('TEST');
    expect(error.message).toBe('could not write');
    expect(error.cause).toBe(cause);
  });

  it('is recognised by its marker, also across copies of the package', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('headwater.error')]: true });
    expect(HeadwaterError.isInstance(new HeadwaterError({ code: 'A', message: 'a' }))).toBe(true);
    expect(HeadwaterError.isInstance(foreign)).toBe(true);
    expect(HeadwaterError.isInstance(new Error('plain'))).toBe(false);
    expect(HeadwaterError.isInstance(null)).toBe(false);
  });
});

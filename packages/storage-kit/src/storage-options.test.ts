import { UnknownOptionsError } from '@headwater/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineStorageOptions } from './storage-options.js';

interface DirStorageOptions {
  root?: string;
  keepBuilds?: number;
}

const dirOptions = defineStorageOptions<DirStorageOptions>({
  receiver: 'createDirStorage',
  keys: { root: true, keepBuilds: true },
  hints: { directory: 'this storage calls it "root"' },
});

describe('defineStorageOptions', () => {
  it('returns known options unchanged, and {} for none', () => {
    const options = { root: '/srv/flows', keepBuilds: 3 };
    expect(dirOptions.check(options)).toBe(options);
    expect(dirOptions.check(undefined)).toEqual({});
    expect(dirOptions.keys).toEqual(['root', 'keepBuilds']);
  });

  it('refuses unknown options with the option meant, or the hint', () => {
    const error = (() => {
      try {
        dirOptions.check({ keep_builds: 2, directory: '/x' } as DirStorageOptions);
      } catch (e) {
        return e;
      }
    })();
    expect(UnknownOptionsError.isInstance(error)).toBe(true);
    expect((error as UnknownOptionsError).receiver).toBe('createDirStorage');
    expect((error as Error).message).toMatch(/"keep_builds": did you mean "keepBuilds"\?/);
    expect((error as Error).message).toMatch(/"directory": this storage calls it "root"/);
  });

  it('makes TypeScript hold the key list to the options type', () => {
    defineStorageOptions<DirStorageOptions>({
      receiver: 'createDirStorage',
      // @ts-expect-error keepBuilds is missing
      keys: { root: true },
    });
    defineStorageOptions<DirStorageOptions>({
      receiver: 'createDirStorage',
      // @ts-expect-error rot is not an option
      keys: { root: true, keepBuilds: true, rot: true },
    });
    expectTypeOf(dirOptions.check).returns.toEqualTypeOf<DirStorageOptions>();
  });
});

import { UnknownOptionsError } from '@headwater/core';
import { createLocalStorage, type LocalStorageOptions } from '@headwater/storage-local';
import { describe, expect, it } from 'vitest';

describe('Local storage options', () => {
  it('refuses a misspelt option, naming the one meant', () => {
    // @ts-expect-error a misspelling
    expect(() => createLocalStorage({ directroy: '/srv/flows' })).toThrow(
      /"directroy": did you mean "directory"\?/,
    );
  });

  it("says that Docker's registryUrl is not an option of Local storage", () => {
    const work = () => createLocalStorage({ registryUrl: '127.0.0.1:5000' } as LocalStorageOptions);
    expect(work).toThrow(UnknownOptionsError);
    expect(work).toThrow(/Local storage keeps bundles on this host/);
  });

  it('accepts its one option', () => {
    expect(createLocalStorage({ directory: '/srv/flows' }).directory).toBe('/srv/flows');
  });
});

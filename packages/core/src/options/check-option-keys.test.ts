import { describe, expect, it } from 'vitest';
import { UnknownOptionsError } from '../errors/unknown-options-error.js';
import { checkOptionKeys } from './check-option-keys.js';
import { suggestOption } from './suggest-option.js';

const docker = {
  receiver: 'createDockerStorage',
  known: ['registryUrl', 'imageName', 'imageTag', 'baseImage', 'dependencies', 'env', 'dockerHost'],
  hints: { pythonDependencies: 'a Python option; use "dependencies"' },
};

const refusal = (options: unknown) => {
  try {
    checkOptionKeys(options, docker);
  } catch (error) {
    if (UnknownOptionsError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('nothing was refused');
};

describe('suggestOption', () => {
  it.each([
    ['registry_url', 'registryUrl'],
    ['imagTag', 'imageTag'],
    ['image_tag', 'imageTag'],
    ['RegistryURL', 'registryUrl'],
    ['dependecies', 'dependencies'],
    ['baseImgae', 'baseImage'],
  ])('reads %s as %s', (key, meant) => {
    expect(suggestOption(key, docker.known)).toBe(meant);
  });

  it('suggests nothing for a name unlike every option', () => {
    expect(suggestOption('cpu', docker.known)).toBeUndefined();
    expect(suggestOption('labels', docker.known)).toBeUndefined();
  });
});

describe('checkOptionKeys', () => {
  it('accepts known options and leaves them unchanged', () => {
    const options = Object.freeze({ registryUrl: '127.0.0.1:5000', imageTag: 'v1' });
    expect(() => checkOptionKeys(options, docker)).not.toThrow();
    expect(() => checkOptionKeys(undefined, docker)).not.toThrow();
  });

  it('ignores keys whose value is undefined', () => {
    expect(() => checkOptionKeys({ imagTag: undefined }, docker)).not.toThrow();
  });

  it("names the seed's snake_case spelling with its camelCase option", () => {
    const error = refusal({ registry_url: '127.0.0.1:5000/x' });
    expect(error.unknown).toEqual([{ key: 'registry_url', suggestion: 'registryUrl' }]);
    expect(error.message).toMatch(/"registry_url": did you mean "registryUrl"\?.*camelCase/);
    expect(error.message).toMatch(/Nothing was built or deployed/);
  });

  it('names each misspelt option at once, with hints for recognised ones', () => {
    const error = refusal({ imagTag: 'v1', pythonDependencies: ['pandas'], registryUrl: 'x', cpu: 2 });
    expect(error.receiver).toBe('createDockerStorage');
    expect(error.unknown.map((u) => u.key)).toEqual(['imagTag', 'pythonDependencies', 'cpu']);
    expect(error.message).toMatch(/"imagTag": did you mean "imageTag"\?/);
    expect(error.message).toMatch(/"pythonDependencies": a Python option; use "dependencies"/);
    expect(error.message).toMatch(/It accepts: registryUrl, imageName/);
  });

  it('refuses options that are not an object', () => {
    expect(() => checkOptionKeys('127.0.0.1:5000', docker)).toThrow(/takes an object of options/);
    expect(() => checkOptionKeys(['x'], docker)).toThrow(/got an array/);
  });
});

import { describe, expect, it } from 'vitest';
import { storageImage } from './storage-image.js';

const docker = (fields: Record<string, string | null>) => ({
  type: 'Docker',
  flows: {},
  __version__: '0.1.0',
  ...fields,
});

describe('storageImage', () => {
  it('joins registry, name and tag', () => {
    expect(
      storageImage(docker({ registry_url: '127.0.0.1:5000/team', image_name: 'etl', image_tag: 'v1' })),
    ).toEqual({
      image: '127.0.0.1:5000/team/etl:v1',
      registry: '127.0.0.1:5000',
    });
  });

  it('treats a registry URL without a host as Docker Hub', () => {
    expect(storageImage(docker({ registry_url: 'acme', image_name: 'etl', image_tag: 'v1' })).registry).toBe(
      'docker.io',
    );
  });

  it('has no registry for a local image, and defaults the tag', () => {
    expect(storageImage(docker({ registry_url: '', image_name: 'etl', image_tag: null }))).toEqual({
      image: 'etl:latest',
      registry: undefined,
    });
  });

  it('refuses a storage without an image name', () => {
    expect(() => storageImage(docker({ registry_url: '127.0.0.1:5000', image_name: null }))).toThrow(
      /names no image/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { imageReference } from './image-reference.js';

describe('imageReference', () => {
  it('treats a host with a port as the registry and talks HTTP to loopback', () => {
    const ref = imageReference('127.0.0.1:5000/team/', 'etl');
    expect(ref).toMatchObject({
      registry: '127.0.0.1:5000',
      repository: 'team/etl',
      name: '127.0.0.1:5000/team/etl',
      apiBaseUrl: 'http://127.0.0.1:5000',
    });
  });

  it('puts bare namespaces and docker.io on Docker Hub', () => {
    expect(imageReference('prefecthq', 'storage-example')).toMatchObject({
      registry: 'docker.io',
      repository: 'prefecthq/storage-example',
      apiBaseUrl: 'https://registry-1.docker.io',
    });
    expect(imageReference('docker.io/acme', 'etl').repository).toBe('acme/etl');
    expect(imageReference(undefined, 'etl')).toMatchObject({ name: 'etl', repository: 'library/etl' });
  });

  it('uses HTTPS for other hosts', () => {
    expect(imageReference('https://ghcr.io/acme', 'etl')).toMatchObject({
      registry: 'ghcr.io',
      name: 'ghcr.io/acme/etl',
      apiBaseUrl: 'https://ghcr.io',
    });
  });
});

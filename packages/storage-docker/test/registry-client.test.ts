import { requireTestEnv } from '@headwater/testing';
import { describe, expect, it } from 'vitest';
import { RegistryRefusedError } from '../src/errors/registry-refused-error.js';
import { RegistryUnreachableError } from '../src/errors/registry-unreachable-error.js';
import { imageReference } from '../src/registry/image-reference.js';
import { RegistryClient } from '../src/registry/registry-client.js';

const setup = requireTestEnv(['registry', 'authRegistry', 'authRegistryUser', 'authRegistryPassword']);

describe.runIf(setup.available)('RegistryClient against the test registries', () => {
  const env = setup.available ? setup.env : ({} as never);

  it('reports a tag the open registry does not have as missing', async () => {
    const client = new RegistryClient(imageReference(env.registry, 'headwater-test/none'), undefined);
    expect(await client.manifestDigest('no-such-tag')).toBeUndefined();
  });

  it('names the registry and the network error when nothing listens', async () => {
    const client = new RegistryClient(imageReference('127.0.0.1:5999', 'x'), undefined);
    const error = await client.manifestDigest('t').catch((e: unknown) => e);
    expect(RegistryUnreachableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('127.0.0.1:5999');
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('passes on the registry message and an auth hint without credentials', async () => {
    const client = new RegistryClient(imageReference(env.authRegistry, 'headwater-test/x'), undefined);
    const error = await client.manifestDigest('t').catch((e: unknown) => e);
    expect(RegistryRefusedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, authenticated: false });
    expect((error as Error).message).toContain('authentication required');
    expect((error as Error).message).toContain(`docker login ${env.authRegistry}`);
  });

  it('says the credentials were refused when they are wrong', async () => {
    const auth = { username: env.authRegistryUser, password: 'wrong' };
    const client = new RegistryClient(imageReference(env.authRegistry, 'headwater-test/x'), auth);
    const error = await client.manifestDigest('t').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'REGISTRY_REFUSED', authenticated: true });
  });

  it('answers the Basic challenge with the right credentials', async () => {
    const auth = { username: env.authRegistryUser, password: env.authRegistryPassword };
    const client = new RegistryClient(imageReference(env.authRegistry, 'headwater-test/x'), auth);
    expect(await client.manifestDigest('t')).toBeUndefined();
  });
});

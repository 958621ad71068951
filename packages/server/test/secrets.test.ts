import { randomUUID } from 'node:crypto';
import { defaultConfig } from '@headwater/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretsKey, parseSecretsKey, serverOptionsFromConfig } from '../src/index.js';
import { openSecret, sealSecret } from '../src/secrets/secret-cipher.js';
import { backends, errorCode, gql, gqlData, startTestServer, type TestServer } from './helpers.js';

const SET = `mutation set($input: setSecretInput!) { setSecret(input: $input) { created secret { name } } }`;
const LIST = '{ secrets { name created updated } }';
const READ = `mutation read($input: readRunSecretInput!) { readRunSecret(input: $input) { value } }`;

describe('the secrets key', () => {
  it('is base64 of 32 bytes; anything else is refused saying how to make one', () => {
    expect(parseSecretsKey(generateSecretsKey(), 'key').key).toHaveLength(32);
    for (const bad of ['', 'not base64!', Buffer.alloc(16).toString('base64')]) {
      expect(() => parseSecretsKey(bad, 'server.secrets_key')).toThrow(/headwater server secrets-key/);
    }
    const config = (secrets_key: string) => ({ ...defaultConfig().server, secrets_key });
    expect(() => serverOptionsFromConfig(config('short'))).toThrow(/server\.secrets_key/);
    expect(serverOptionsFromConfig(config('')).secretsKey).toBeUndefined();
  });

  it('seals a value that opens only with its key, tenant and name', () => {
    const key = parseSecretsKey(generateSecretsKey(), 'key');
    const sealed = sealSecret(key, 'tenant', 'DB_PASSWORD', 'hunter2');
    expect(sealed.ciphertext).not.toContain('hunter2');
    expect(sealSecret(key, 'tenant', 'DB_PASSWORD', 'hunter2').ciphertext).not.toBe(sealed.ciphertext);
    expect(openSecret(key, 'tenant', 'DB_PASSWORD', sealed)).toBe('hunter2');
    expect(() => openSecret(key, 'other', 'DB_PASSWORD', sealed)).toThrow();
    expect(() => openSecret(key, 'tenant', 'OTHER', sealed)).toThrow();
    const other = parseSecretsKey(generateSecretsKey(), 'key');
    expect(() => openSecret(other, 'tenant', 'DB_PASSWORD', sealed)).toThrow(/another secrets key/);
  });
});

describe.each(backends)('secrets through the API on $name', (backend) => {
  let keyed: TestServer;
  let keyless: TestServer;
  beforeAll(async () => {
    keyed = await startTestServer(backend, { secretsKey: parseSecretsKey(generateSecretsKey(), 'key') });
    keyless = await startTestServer(backend);
  });
  afterAll(async () => {
    await keyed?.close();
    await keyless?.close();
  });

  it('sets, lists (names only), replaces and deletes; a USER token never reads a value', async () => {
    const value = `v-${randomUUID()}`;
    const first = await gqlData(keyed.server, keyed.token, SET, { input: { name: 'API_KEY', value } });
    expect(first.setSecret).toEqual({ created: true, secret: { name: 'API_KEY' } });
    const again = await gqlData(keyed.server, keyed.token, SET, { input: { name: 'API_KEY', value: 'x' } });
    expect(again.setSecret.created).toBe(false);
    const listed = await gql(keyed.server, keyed.token, LIST);
    expect(listed.data.secrets.map((s: { name: string }) => s.name)).toEqual(['API_KEY']);
    expect(JSON.stringify(listed)).not.toContain(value);
    const read = await gql(keyed.server, keyed.token, READ, {
      input: { flowRunId: randomUUID(), name: 'API_KEY' },
    });
    expect(errorCode(read)).toBe('FORBIDDEN');
    const bad = await gql(keyed.server, keyed.token, SET, { input: { name: 'has space', value } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/DB_PASSWORD/);
    const deleted = await gql(
      keyed.server,
      keyed.token,
      'mutation { deleteSecret(input: { name: "API_KEY" }) { success } }',
    );
    expect(deleted.data.deleteSecret.success).toBe(true);
    const gone = await gql(
      keyed.server,
      keyed.token,
      'mutation { deleteSecret(input: { name: "API_KEY" }) { success } }',
    );
    expect(errorCode(gone)).toBe('NOT_FOUND');
  });

  it('without a key, answers secret writes NOT_CONFIGURED saying what to set, and the rest works', async () => {
    const result = await gql(keyless.server, keyless.token, SET, { input: { name: 'API_KEY', value: 'v' } });
    expect(errorCode(result)).toBe('NOT_CONFIGURED');
    expect(result.errors?.[0]?.message).toMatch(/HEADWATER__SERVER__SECRETS_KEY/);
    expect(result.errors?.[0]?.message).toMatch(/openssl rand -base64 32/);
    expect((await gqlData(keyless.server, keyless.token, '{ projects { name } }')).projects).toEqual([]);
  });
});

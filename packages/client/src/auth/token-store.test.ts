import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slugifyApiUrl, TokenStore } from './token-store.js';

describe('TokenStore', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'headwater-tokens-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('keeps one 0600 file per API URL in a 0700 directory', () => {
    const store = new TokenStore(home);
    store.save('http://127.0.0.1:4200/', 'hw_first');
    store.save('http://127.0.0.1:4300', 'hw_second');
    const file = store.pathFor('http://127.0.0.1:4200');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    expect(store.load('http://127.0.0.1:4200/graphql')?.token).toBe('hw_first');
    expect(store.load('http://127.0.0.1:4300')?.token).toBe('hw_second');
    expect(store.load('http://127.0.0.1:4400')).toBeUndefined();
  });

  it('replaces and removes a token', () => {
    const store = new TokenStore(home);
    store.save('http://127.0.0.1:4200', 'hw_old');
    store.save('http://127.0.0.1:4200', 'hw_new');
    expect(store.load('http://127.0.0.1:4200')?.token).toBe('hw_new');
    expect(store.remove('http://127.0.0.1:4200')).toBe(true);
    expect(store.remove('http://127.0.0.1:4200')).toBe(false);
    expect(store.load('http://127.0.0.1:4200')).toBeUndefined();
  });

  it('names files after the URL with only safe characters', () => {
    expect(slugifyApiUrl('https://API.example.com:8443/headwater/')).toBe(
      'https-api.example.com-8443-headwater',
    );
  });
});

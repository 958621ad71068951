import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextNotFoundError } from '../errors/context-not-found-error.js';
import { ContextStore } from './context-store.js';
import { TokenStore } from './token-store.js';

describe('ContextStore', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'headwater-contexts-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('saves logins in one 0600 file; the last login is current', () => {
    const store = new ContextStore(home);
    store.save({ api: 'http://127.0.0.1:4300/graphql', token: 'hw_first' });
    store.save({ api: 'https://api.example.com/headwater/', token: 'hw_second', name: 'prod' });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(store.list().map(({ name, api }) => ({ name, api }))).toEqual([
      { name: '127.0.0.1:4300', api: 'http://127.0.0.1:4300' },
      { name: 'prod', api: 'https://api.example.com/headwater' },
    ]);
    expect(store.current()?.name).toBe('prod');
    expect(new ContextStore(home).current()?.token).toBe('hw_second');
  });

  it('switches by name or API URL, and lists the known ones for an unknown one', () => {
    const store = new ContextStore(home);
    store.save({ api: 'http://127.0.0.1:4300', token: 'hw_a' });
    store.save({ api: 'http://127.0.0.1:4400', token: 'hw_b', name: 'staging' });
    expect(store.use('127.0.0.1:4300').api).toBe('http://127.0.0.1:4300');
    expect(store.use('http://127.0.0.1:4400/').name).toBe('staging');
    expect(store.current()?.name).toBe('staging');
    const error = (() => {
      try {
        store.use('nowhere');
      } catch (caught) {
        return caught;
      }
    })();
    expect(ContextNotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Known contexts: 127\.0\.0\.1:4300, staging\./);
  });

  it('logs in again to a known API under the name it has, unless told another', () => {
    const store = new ContextStore(home);
    store.save({ api: 'http://127.0.0.1:4300', token: 'hw_old', name: 'staging' });
    store.save({ api: 'http://127.0.0.1:4300', token: 'hw_new' });
    expect(store.list()).toHaveLength(1);
    expect(store.find('staging')?.token).toBe('hw_new');
  });

  it('removes a context; removing the current one leaves none current', () => {
    const store = new ContextStore(home);
    store.save({ api: 'http://127.0.0.1:4300', token: 'hw_a' });
    store.save({ api: 'http://127.0.0.1:4400', token: 'hw_b' });
    expect(store.remove('127.0.0.1:4300').token).toBe('hw_a');
    expect(store.current()?.name).toBe('127.0.0.1:4400');
    store.remove('127.0.0.1:4400');
    expect(store.current()).toBeUndefined();
    expect(() => store.remove('127.0.0.1:4400')).toThrow(/No context named/);
  });

  it('reads tokens saved per API URL by earlier versions, and moves them into the file on the next change', () => {
    new TokenStore(home).save('http://127.0.0.1:4200', 'hw_legacy');
    const store = new ContextStore(home);
    expect(store.forApi('http://127.0.0.1:4200')).toMatchObject({
      name: '127.0.0.1:4200',
      token: 'hw_legacy',
    });
    expect(store.current()).toBeUndefined();
    store.save({ api: 'http://127.0.0.1:4300', token: 'hw_new' });
    expect(readdirSync(join(home, 'tokens'))).toEqual([]);
    expect(JSON.parse(readFileSync(store.path, 'utf8')).contexts).toHaveLength(2);
    expect(store.forApi('http://127.0.0.1:4200')?.token).toBe('hw_legacy');
  });

  it('refuses a bad name and says what a corrupt file needs', () => {
    const store = new ContextStore(home);
    expect(() => store.save({ api: 'http://127.0.0.1:4300', token: 'hw', name: 'http://x' })).toThrow(
      /no URL/,
    );
    expect(() => store.save({ api: 'http://127.0.0.1:4300', token: 'hw', name: 'two words' })).toThrow(
      /not a valid/,
    );
    writeFileSync(store.path, '{ nope');
    expect(() => store.list()).toThrow(/is not a valid contexts file .* delete it and log in again/);
  });
});

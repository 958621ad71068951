import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextStore } from './context-store.js';
import { resolveConnection } from './resolve-connection.js';

describe('resolveConnection', () => {
  let homeDir: string;
  beforeEach(() => {
    homeDir = mkdtempSync(join(tmpdir(), 'headwater-home-'));
    new ContextStore(homeDir).save({ api: 'http://127.0.0.1:4201', token: 'hw_other_api' });
    new ContextStore(homeDir).save({ api: 'http://127.0.0.1:4200', token: 'hw_login' });
  });
  afterEach(() => rmSync(homeDir, { recursive: true, force: true }));

  const env = { HEADWATER__CLOUD__API: 'http://127.0.0.1:4300', HEADWATER__CLOUD__AUTH_TOKEN: 'hw_env' };
  const config = () => ({ api: 'http://127.0.0.1:4400', authToken: 'hw_config', homeDir });

  it('prefers explicit values over the environment, config and login', () => {
    const connection = resolveConnection({
      api: 'http://127.0.0.1:4500/',
      token: 'hw_explicit',
      env,
      config: config(),
    });
    expect(connection).toMatchObject({
      api: 'http://127.0.0.1:4500',
      apiSource: 'explicit',
      token: 'hw_explicit',
      tokenSource: 'explicit',
    });
  });

  it('reads several API URLs of replicas from a comma-separated setting or a list, the first taking the login', () => {
    const fromEnv = resolveConnection({
      env: { HEADWATER__CLOUD__API: 'http://127.0.0.1:4200/graphql, http://127.0.0.1:4201,' },
      config: { homeDir },
    });
    expect(fromEnv).toMatchObject({
      api: 'http://127.0.0.1:4200',
      apis: ['http://127.0.0.1:4200', 'http://127.0.0.1:4201'],
      apiSource: 'env',
      token: 'hw_login',
    });
    const repeated = resolveConnection({
      api: ['http://127.0.0.1:4201', 'http://127.0.0.1:4200,http://127.0.0.1:4201'],
      env: {},
      config: { homeDir },
    });
    expect(repeated.apis).toEqual(['http://127.0.0.1:4201', 'http://127.0.0.1:4200']);
    expect(repeated.token).toBe('hw_other_api');
    expect(() =>
      resolveConnection({ api: 'http://127.0.0.1:4200,ftp://x', env: {}, config: { homeDir } }),
    ).toThrow(/"ftp:\/\/x" is not an http\(s\) API URL/);
  });

  it('uses the default API without a current context', () => {
    new ContextStore(homeDir).remove('127.0.0.1:4200');
    expect(resolveConnection({ env: {}, config: { homeDir } })).toMatchObject({
      api: 'http://127.0.0.1:4200',
      apiSource: 'default',
      tokenSource: 'none',
      context: undefined,
    });
  });

  it('falls back to the environment, then the config file', () => {
    expect(resolveConnection({ env, config: config() })).toMatchObject({
      token: 'hw_env',
      api: 'http://127.0.0.1:4300',
    });
    expect(resolveConnection({ env: {}, config: config() })).toMatchObject({
      api: 'http://127.0.0.1:4400',
      apiSource: 'config',
      token: 'hw_config',
      tokenSource: 'config',
    });
  });

  it('uses the current context, and the token saved for the resolved API URL only', () => {
    expect(resolveConnection({ env: {}, config: { homeDir } })).toMatchObject({
      api: 'http://127.0.0.1:4200',
      apiSource: 'context',
      token: 'hw_login',
      tokenSource: 'context',
      context: '127.0.0.1:4200',
    });
    expect(
      resolveConnection({ env: { HEADWATER__CLOUD__API: 'http://127.0.0.1:4201' }, config: { homeDir } }),
    ).toMatchObject({
      apiSource: 'env',
      token: 'hw_other_api',
      tokenSource: 'context',
      context: '127.0.0.1:4201',
    });
    expect(resolveConnection({ env: {}, config: { homeDir }, api: 'http://127.0.0.1:4999' })).toMatchObject({
      token: undefined,
      tokenSource: 'none',
    });
  });

  it('reads the config file through core when no config is given', () => {
    const file = join(homeDir, 'config.toml');
    writeFileSync(file, `home_dir = "${homeDir}"\n[cloud]\napi = "http://127.0.0.1:4600"\n`);
    const fromFile = resolveConnection({ env: { HEADWATER__USER_CONFIG_PATH: file } });
    expect(fromFile).toMatchObject({
      api: 'http://127.0.0.1:4600',
      apiSource: 'config',
      tokenSource: 'none',
    });
    expect(fromFile.contexts.homeDir).toBe(homeDir);
    new ContextStore(homeDir).save({ api: 'http://127.0.0.1:4600', token: 'hw_saved_for_the_file_api' });
    new ContextStore(homeDir).use('127.0.0.1:4200');
    expect(resolveConnection({ env: { HEADWATER__USER_CONFIG_PATH: file } })).toMatchObject({
      api: 'http://127.0.0.1:4600',
      apiSource: 'config',
      token: 'hw_saved_for_the_file_api',
      tokenSource: 'context',
    });
  });
});

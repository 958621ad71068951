import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { Flow } from '../flow/flow.js';
import { formatConfig, headwaterHome, loadConfig, resetConfig } from './config.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'headwater-config-'));

describe('loadConfig', () => {
  it('uses the defaults when there is no file and no variable', () => {
    const home = scratch();
    const config = loadConfig({ env: { HEADWATER__HOME_DIR: home } });
    expect(config.home_dir).toBe(home);
    expect(config.cloud).toEqual({ api: 'http://127.0.0.1:4200', auth_token: '', heartbeat_interval: 30 });
    expect(config.engine.executor.default_class).toBe('@headwater/core:LocalExecutor');
    expect(config.logging).toEqual({ level: 'INFO', log_to_cloud: false });
    expect(config.flows.defaults.storage.default_class).toBe('Docker');
  });

  it('layers the file under the home dir, then the environment with types coerced', () => {
    const home = scratch();
    writeFileSync(
      join(home, 'config.toml'),
      [
        '[cloud]',
        'api = "http://127.0.0.1:4300"',
        'heartbeat_interval = 10',
        '',
        '[custom]',
        'x = "from file"',
      ].join('\n'),
    );
    const config = loadConfig({
      env: {
        HEADWATER__HOME_DIR: home,
        HEADWATER__CLOUD__HEARTBEAT_INTERVAL: '15',
        HEADWATER__CLOUD__AUTH_TOKEN: '12345',
        HEADWATER__LOGGING__LOG_TO_CLOUD: 'true',
        HEADWATER__ENGINE__EXECUTOR__DEFAULT_CLASS: 'LocalConcurrentExecutor',
        HEADWATER__CLOUD__AGENT__AUTH_TOKEN: 'agent-secret',
        HEADWATER__CUSTOM__LIMIT: '7',
        HEADWATER__CUSTOM__ENABLED: 'false',
        OTHER: 'ignored',
      },
    });
    expect(config.cloud.api).toBe('http://127.0.0.1:4300');
    expect(config.cloud.heartbeat_interval).toBe(15);
    expect(config.cloud.auth_token).toBe('12345');
    expect(config.logging.log_to_cloud).toBe(true);
    expect(config.engine.executor.default_class).toBe('LocalConcurrentExecutor');
    expect(config.cloud.agent).toEqual({ auth_token: 'agent-secret' });
    expect(config.custom).toEqual({ x: 'from file', limit: 7, enabled: false });
  });

  it('reads the file named by HEADWATER__USER_CONFIG_PATH', () => {
    const file = join(scratch(), 'elsewhere.toml');
    writeFileSync(file, '[logging]\nlevel = "DEBUG"\n');
    expect(loadConfig({ env: { HEADWATER__USER_CONFIG_PATH: file } }).logging.level).toBe('DEBUG');
  });

  it('lists plugin packages from the file, or comma-separated from HEADWATER__PLUGINS', () => {
    const home = scratch();
    expect(loadConfig({ env: { HEADWATER__HOME_DIR: home } }).plugins).toEqual([]);
    writeFileSync(
      join(home, 'config.toml'),
      'plugins = ["headwater-storage-s3"]\n\n[cloud]\napi = "http://x"\n',
    );
    expect(loadConfig({ env: { HEADWATER__HOME_DIR: home } }).plugins).toEqual(['headwater-storage-s3']);
    expect(
      loadConfig({ env: { HEADWATER__HOME_DIR: home, HEADWATER__PLUGINS: ' @acme/a, b ,' } }).plugins,
    ).toEqual(['@acme/a', 'b']);
    writeFileSync(join(home, 'config.toml'), 'plugins = "headwater-storage-s3"\n');
    expect(() => loadConfig({ env: { HEADWATER__HOME_DIR: home } })).toThrow(
      /plugins must be a list of package names/,
    );
  });

  it('names the file or variable at fault', () => {
    const home = scratch();
    writeFileSync(join(home, 'config.toml'), '[cloud\napi = 1');
    expect(() => loadConfig({ env: { HEADWATER__HOME_DIR: home } })).toThrow(
      /config\.toml: is not valid TOML/,
    );
    const other = scratch();
    expect(() =>
      loadConfig({ env: { HEADWATER__HOME_DIR: other, HEADWATER__CLOUD__HEARTBEAT_INTERVAL: 'soon' } }),
    ).toThrow(ConfigError);
    writeFileSync(join(other, 'config.toml'), '[cloud]\napi = 4200\n');
    expect(() => loadConfig({ env: { HEADWATER__HOME_DIR: other } })).toThrow(
      /cloud\.api must be a string, got 4200/,
    );
  });

  it('reads the server settings from the file and HEADWATER__SERVER__… variables, in seconds', () => {
    const home = scratch();
    expect(loadConfig({ env: { HEADWATER__HOME_DIR: home } }).server).toEqual({
      host: '127.0.0.1',
      port: 4200,
      cors_origins: [],
      queue_interval: 30,
      secrets_key: '',
      secrets_key_file: '',
      services: {
        scheduler: { enabled: true, interval: 150 },
        zombie_killer: { enabled: true, interval: 120, heartbeat_timeout: 120 },
        lazarus: { enabled: true, interval: 600, heartbeat_timeout: 600 },
      },
    });
    writeFileSync(
      join(home, 'config.toml'),
      '[server]\nport = 4300\n\n[server.services.lazarus]\nheartbeat_timeout = 1800\ninterval = 60\n',
    );
    const config = loadConfig({
      env: {
        HEADWATER__HOME_DIR: home,
        HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__HEARTBEAT_TIMEOUT: '300',
        HEADWATER__SERVER__SERVICES__SCHEDULER__ENABLED: 'false',
        HEADWATER__SERVER__SERVICES__LAZARUS__INTERVAL: '0.5',
      },
    });
    expect(config.server.port).toBe(4300);
    expect(config.server.services.zombie_killer).toEqual({
      enabled: true,
      interval: 120,
      heartbeat_timeout: 300,
    });
    expect(config.server.services.scheduler.enabled).toBe(false);
    expect(config.server.services.lazarus).toEqual({ enabled: true, interval: 0.5, heartbeat_timeout: 1800 });
  });

  it('refuses server settings that are not positive seconds or a port, naming the key and variable', () => {
    const home = scratch();
    const env = { HEADWATER__HOME_DIR: home };
    expect(() =>
      loadConfig({ env: { ...env, HEADWATER__SERVER__SERVICES__LAZARUS__HEARTBEAT_TIMEOUT: '-5' } }),
    ).toThrow(
      /^HEADWATER__SERVER__SERVICES__LAZARUS__HEARTBEAT_TIMEOUT: server\.services\.lazarus\.heartbeat_timeout must be a positive number of seconds, got -5/,
    );
    expect(() =>
      loadConfig({ env: { ...env, HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__INTERVAL: 'often' } }),
    ).toThrow(/HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__INTERVAL: expected a number, got "often"/);
    expect(() =>
      loadConfig({ env: { ...env, HEADWATER__SERVER__SERVICES__SCHEDULER__ENABLED: 'maybe' } }),
    ).toThrow(/expected true or false, got "maybe"/);
    writeFileSync(join(home, 'config.toml'), '[server.services.zombie_killer]\nheartbeat_timeout = 0\n');
    expect(() => loadConfig({ env })).toThrow(
      /config\.toml: server\.services\.zombie_killer\.heartbeat_timeout must be a positive number of seconds, got 0 \(check the file and HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__HEARTBEAT_TIMEOUT\)/,
    );
    writeFileSync(join(home, 'config.toml'), '[server]\nport = 70000\n');
    expect(() => loadConfig({ env })).toThrow(/server\.port must be a port number \(0-65535\), got 70000/);
  });

  it('lists CORS origins from the file or comma-separated from HEADWATER__SERVER__CORS_ORIGINS, and refuses non-origins', () => {
    const home = scratch();
    writeFileSync(join(home, 'config.toml'), '[server]\ncors_origins = ["https://ops.example.com"]\n');
    expect(loadConfig({ env: { HEADWATER__HOME_DIR: home } }).server.cors_origins).toEqual([
      'https://ops.example.com',
    ]);
    const env = {
      HEADWATER__HOME_DIR: home,
      HEADWATER__SERVER__CORS_ORIGINS: 'http://a.test:8080, https://b.test',
    };
    expect(loadConfig({ env }).server.cors_origins).toEqual(['http://a.test:8080', 'https://b.test']);
    expect(() =>
      loadConfig({ env: { ...env, HEADWATER__SERVER__CORS_ORIGINS: 'https://b.test/app' } }),
    ).toThrow(/^HEADWATER__SERVER__CORS_ORIGINS: server\.cors_origins must be a list of origins/);
    writeFileSync(join(home, 'config.toml'), '[server]\ncors_origins = "*"\n');
    expect(() => loadConfig({ env: { HEADWATER__HOME_DIR: home } })).toThrow(/got "\*"/);
  });

  it('masks secrets whenever the config is printed', () => {
    const config = loadConfig({
      env: {
        HEADWATER__HOME_DIR: scratch(),
        HEADWATER__CLOUD__AUTH_TOKEN: 'hw_very_secret',
        HEADWATER__DB__PASSWORD: 'pw',
      },
    });
    expect(config.cloud.auth_token).toBe('hw_very_secret');
    for (const printed of [
      JSON.stringify(config),
      inspect(config, { depth: 5 }),
      inspect(config.cloud),
      formatConfig(config),
    ]) {
      expect(printed).not.toContain('hw_very_secret');
      expect(printed).not.toContain('"pw"');
      expect(printed).toContain('********');
    }
    expect(formatConfig(config)).toContain('api = "http://127.0.0.1:4200"');
  });
});

describe('the process config', () => {
  it('gives flows without an environment the configured default executor', () => {
    const saved = { ...process.env };
    try {
      process.env.HEADWATER__HOME_DIR = scratch();
      process.env.HEADWATER__ENGINE__EXECUTOR__DEFAULT_CLASS = 'LocalConcurrentExecutor';
      resetConfig();
      expect(new Flow('configured').serialize().environment.executor).toBe('LocalConcurrentExecutor');
    } finally {
      process.env = saved;
      resetConfig();
    }
  });
});

describe('headwaterHome', () => {
  it('is HEADWATER__HOME_DIR when set, else ~/.headwater, and the config follows it', () => {
    expect(headwaterHome({ HEADWATER__HOME_DIR: '/srv/hw' })).toBe('/srv/hw');
    expect(headwaterHome({ HOME: '/home/ada' })).toMatch(/\.headwater$/);
    expect(loadConfig({ env: { HEADWATER__HOME_DIR: '/srv/hw' } }).home_dir).toBe('/srv/hw');
  });
});

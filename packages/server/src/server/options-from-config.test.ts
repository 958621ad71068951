import { defaultConfig } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { serverOptionsFromConfig } from './options-from-config.js';

describe('serverOptionsFromConfig', () => {
  it('turns the default server section into the built-in service timings, in milliseconds', () => {
    expect(serverOptionsFromConfig(defaultConfig('/tmp/hw').server)).toEqual({
      host: '127.0.0.1',
      port: 4200,
      corsOrigins: [],
      queueIntervalMs: 30_000,
      services: {
        scheduler: { intervalMs: 150_000 },
        zombieKiller: { intervalMs: 120_000, heartbeatTimeoutMs: 120_000 },
        lazarus: { intervalMs: 600_000, heartbeatTimeoutMs: 600_000 },
      },
    });
  });

  it('turns services off, and passes at least every heartbeat timeout', () => {
    const server = defaultConfig('/tmp/hw').server;
    server.services.scheduler.enabled = false;
    server.services.zombie_killer.heartbeat_timeout = 5;
    server.services.lazarus = { enabled: true, interval: 30, heartbeat_timeout: 1800 };
    expect(serverOptionsFromConfig(server).services).toEqual({
      scheduler: false,
      zombieKiller: { intervalMs: 5_000, heartbeatTimeoutMs: 5_000 },
      lazarus: { intervalMs: 30_000, heartbeatTimeoutMs: 1_800_000 },
    });
  });
});

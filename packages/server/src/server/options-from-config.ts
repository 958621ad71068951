import type { ServerConfig } from '@headwater/core';
import { secretsKeyFromConfig } from '../secrets/secrets-key-from-config.js';
import type { ServicesOptions, StartServerOptions } from './start-server.js';

const ms = (seconds: number) => Math.round(seconds * 1000);

/**
 * The {@link startServer} options a config's `server` section sets (what `headwater server
 * start` reads before its flags). A service's pass runs every `interval`, or every
 * `heartbeat_timeout` when that is shorter, so a short timeout is noticed soon after it passes.
 * A malformed secrets key (`secrets_key`, `secrets_key_file`) throws, saying how to make one.
 *
 * @example
 * ```ts
 * const server = await startServer({ ...serverOptionsFromConfig(loadConfig().server), print });
 * ```
 */
export function serverOptionsFromConfig(
  config: ServerConfig,
): Pick<StartServerOptions, 'host' | 'port' | 'corsOrigins' | 'services' | 'secretsKey' | 'queueIntervalMs'> {
  const { scheduler, zombie_killer: zombieKiller, lazarus } = config.services;
  const services: ServicesOptions = {
    scheduler: scheduler.enabled && { intervalMs: ms(scheduler.interval) },
    zombieKiller: zombieKiller.enabled && {
      intervalMs: ms(Math.min(zombieKiller.interval, zombieKiller.heartbeat_timeout)),
      heartbeatTimeoutMs: ms(zombieKiller.heartbeat_timeout),
    },
    lazarus: lazarus.enabled && {
      intervalMs: ms(Math.min(lazarus.interval, lazarus.heartbeat_timeout)),
      heartbeatTimeoutMs: ms(lazarus.heartbeat_timeout),
    },
  };
  const secretsKey = secretsKeyFromConfig(config);
  return {
    host: config.host,
    port: config.port,
    corsOrigins: config.cors_origins,
    services,
    queueIntervalMs: ms(config.queue_interval),
    ...(secretsKey ? { secretsKey } : {}),
  };
}

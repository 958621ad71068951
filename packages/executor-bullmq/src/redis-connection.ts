import { HeadwaterError } from '@headwater/core';

/** BullMQ's connection options for a Redis URL, refusing anything else with what to give. */
export function redisConnection(url: unknown, what: string): { url: string; maxRetriesPerRequest: null } {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || !['redis:', 'rediss:'].includes(parsed.protocol)) {
    throw new HeadwaterError({
      code: 'INVALID_EXECUTOR_OPTIONS',
      message: `${what} must be a Redis URL such as redis://127.0.0.1:6379 (rediss:// for TLS); got ${url === undefined ? 'nothing' : JSON.stringify(url)}.`,
    });
  }
  // Workers block on Redis; BullMQ asks for no per-request retry limit on their connections.
  return { url: parsed.toString(), maxRetriesPerRequest: null };
}

/** The queue every flow run and worker uses unless told otherwise. */
export const DEFAULT_QUEUE = 'headwater-tasks';

/** A queue name BullMQ accepts (no `:`), or a clear error. */
export function queueName(name: unknown, what: string): string {
  const value = name ?? DEFAULT_QUEUE;
  if (typeof value !== 'string' || value === '' || value.includes(':')) {
    throw new HeadwaterError({
      code: 'INVALID_EXECUTOR_OPTIONS',
      message: `${what} must be a non-empty name without ":"; got ${JSON.stringify(value)}.`,
    });
  }
  return value;
}

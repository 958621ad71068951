import { createHash, randomBytes } from 'node:crypto';
import { ApiError } from '../errors/api-error.js';

/** Bytes of an AES-256 key. */
const KEY_BYTES = 32;

/** How an operator makes a key; every message about a missing or bad key repeats it. */
export const SECRETS_KEY_HOWTO =
  'Make one with `headwater server secrets-key` (or `openssl rand -base64 32`) and give it to the server as server.secrets_key (HEADWATER__SERVER__SECRETS_KEY) or in a file named by server.secrets_key_file / `headwater server start --secrets-key-file <path>`.';

/** The key the server encrypts secrets with, and a short id that tells keys apart without revealing them. */
export interface SecretsKey {
  readonly key: Buffer;
  /** First 16 hex characters of a SHA-256 of the key: stored with each secret. */
  readonly id: string;
}

/** A fresh key, base64 of 32 random bytes: what `headwater server secrets-key` prints. */
export function generateSecretsKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * Reads a base64 (or base64url) key of exactly 32 bytes. Throws, saying how to make one, on
 * anything else: a server given a bad key refuses to start rather than store secrets it
 * could not read back.
 */
export function parseSecretsKey(text: string, source: string): SecretsKey {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `${source} is not a secrets key: it must be base64 of exactly ${KEY_BYTES} random bytes (got ${key.length === 0 ? 'no base64' : `${key.length} bytes`}). ${SECRETS_KEY_HOWTO}`,
    );
  }
  const id = createHash('sha256').update('headwater secrets key id\0').update(key).digest('hex').slice(0, 16);
  return { key, id };
}

/** The error of a secret operation on a server started without a key. */
export function secretsNotConfigured(): ApiError {
  return new ApiError({
    code: 'NOT_CONFIGURED',
    message: `Secrets are not enabled on this server: it was started without a secrets key. ${SECRETS_KEY_HOWTO} Then restart the server.`,
  });
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretsKey } from './secrets-key.js';

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** What is stored for one secret: never the value itself. */
export interface SealedSecret {
  /** base64 of nonce (12 bytes) ‖ GCM tag (16 bytes) ‖ ciphertext. */
  ciphertext: string;
  /** {@link SecretsKey.id} of the key that sealed it. */
  keyId: string;
}

/**
 * The additional data bound into every ciphertext: a sealed value only opens for the tenant
 * and name it was stored under, so rows copied between tenants or names do not decrypt.
 */
function associatedData(tenantId: string, name: string): Buffer {
  return Buffer.from(JSON.stringify([tenantId, name]), 'utf8');
}

/** Encrypts `value` with AES-256-GCM under a fresh random nonce. */
export function sealSecret(key: SecretsKey, tenantId: string, name: string, value: string): SealedSecret {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(tenantId, name));
  const encrypted = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return {
    ciphertext: Buffer.concat([nonce, cipher.getAuthTag(), encrypted]).toString('base64'),
    keyId: key.id,
  };
}

/** Decrypts a {@link sealSecret} result; throws when the key, tenant or name do not match or the data was changed. */
export function openSecret(key: SecretsKey, tenantId: string, name: string, sealed: SealedSecret): string {
  if (sealed.keyId !== key.id) {
    throw new Error(
      `secret ${name} was stored with another secrets key (id ${sealed.keyId}; this server's is ${key.id}). Start the server with the key it was stored with, or set the secret again.`,
    );
  }
  const data = Buffer.from(sealed.ciphertext, 'base64');
  const nonce = data.subarray(0, NONCE_BYTES);
  const tag = data.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv(ALGORITHM, key.key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(tenantId, name));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}

import { readFileSync } from 'node:fs';
import type { ServerConfig } from '@headwater/core';
import { parseSecretsKey, type SecretsKey } from './secrets-key.js';

/**
 * The secrets key a config's `server` section gives: `secrets_key`, else the contents of
 * `secrets_key_file`; undefined when neither is set (secrets are off). Throws on a key that is
 * not 32 bytes of base64 or a file that cannot be read, saying how to make a key.
 */
export function secretsKeyFromConfig(
  config: Pick<ServerConfig, 'secrets_key' | 'secrets_key_file'>,
): SecretsKey | undefined {
  const inline = String(config.secrets_key ?? '').trim();
  if (inline !== '') return parseSecretsKey(inline, 'server.secrets_key (HEADWATER__SERVER__SECRETS_KEY)');
  const file = String(config.secrets_key_file ?? '').trim();
  if (file === '') return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `Could not read the secrets key file ${file} (server.secrets_key_file): ${(error as Error).message}`,
    );
  }
  return parseSecretsKey(text, `The secrets key file ${file}`);
}

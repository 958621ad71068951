import type { Client } from '@headwater/client';
import type { SecretSource } from '@headwater/core';
import type { SecretMask } from './secret-mask.js';

/**
 * Secrets of a run on an agent: read from the API with the run's RUNNER token (which holds the
 * run), once per name, and added to the run's mask before any task sees them.
 */
export function apiSecrets(client: Client, flowRunId: string, mask: SecretMask): SecretSource {
  const values = new Map<string, Promise<string>>();
  return {
    get(name, { signal }) {
      let value = values.get(name);
      if (!value) {
        value = client.readRunSecret(flowRunId, name, { signal }).then((read) => {
          mask.add(read);
          return read;
        });
        // A failed read (no such secret, API unreachable) is tried again by the next lookup.
        value.catch(() => values.delete(name));
        values.set(name, value);
      }
      return value;
    },
  };
}

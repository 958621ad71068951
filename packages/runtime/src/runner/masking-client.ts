import type { Client } from '@headwater/client';
import type { SecretMask } from './secret-mask.js';

/** Methods whose arguments are sent as they are: reading a secret names it, it does not write it. */
const UNMASKED = new Set<PropertyKey>(['readRunSecret']);

/**
 * The run process's client with every argument masked ({@link SecretMask.deep}) before it is
 * sent: states (messages, errors, results), log lines, parameters of child runs. Reads go
 * through unchanged.
 */
export function maskingClient(client: Client, mask: SecretMask): Client {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (UNMASKED.has(property)) return value.bind(target);
      return (...args: unknown[]) =>
        value.apply(
          target,
          args.map((arg) => mask.deep(arg)),
        );
    },
  });
}

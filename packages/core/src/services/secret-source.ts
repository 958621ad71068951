/** Reads secret values by name for a task run. */
export interface SecretSource {
  /** The value of secret `name`; rejects when there is none, saying how to set it. */
  get(name: string, options: { signal: AbortSignal }): Promise<string>;
}

/** The environment variable a local run (`flow.run()`) reads secret `name` from. */
export function secretVariable(name: string): string {
  return `HEADWATER__CONTEXT__SECRETS__${name}`;
}

/**
 * Secrets from environment variables `HEADWATER__CONTEXT__SECRETS__<NAME>` (the name as
 * written, e.g. `HEADWATER__CONTEXT__SECRETS__DB_PASSWORD`): what `flow.run()` uses.
 *
 * @example
 * ```ts
 * const source = environmentSecrets({ HEADWATER__CONTEXT__SECRETS__DB_PASSWORD: 'hunter2' });
 * await source.get('DB_PASSWORD', { signal: new AbortController().signal }); // 'hunter2'
 * ```
 */
export function environmentSecrets(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SecretSource {
  return {
    async get(name) {
      const value = env[secretVariable(name)];
      if (value === undefined) {
        throw new Error(
          `Secret ${name} is not set: a local run reads it from the environment variable ${secretVariable(name)}; a run on an agent reads it from the API (headwater secret set ${name}).`,
        );
      }
      return value;
    },
  };
}

import type { EnvironmentV1 } from '../contracts/environment.js';
import type { SerializedEnvironment } from '../contracts/serialized.js';
import { MetadataOnlyError } from '../errors/metadata-only-error.js';
import { VERSION } from '../version.js';

/** The environment of a deserialized flow: its metadata only (`@headwater/environments` runs flows). */
export class MetadataEnvironment implements EnvironmentV1 {
  readonly specificationVersion = 'v1' as const;
  readonly #serialized: SerializedEnvironment;

  constructor(serialized: SerializedEnvironment) {
    this.#serialized = serialized;
  }

  get type(): string {
    return this.#serialized.type;
  }

  get labels(): readonly string[] {
    return this.#serialized.labels ?? [];
  }

  execute(): Promise<unknown> {
    return Promise.reject(
      new MetadataOnlyError({
        operation: `execute a ${this.type}`,
        hint: 'Create the matching environment from @headwater/environments.',
      }),
    );
  }

  serialize(): SerializedEnvironment {
    return { ...structuredClone(this.#serialized), __version__: VERSION };
  }
}

import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage-docker.invalid-docker-storage-options-error';
const symbol = Symbol.for(marker);

/** The Docker storage options are inconsistent; `problems` lists every one found. */
export class InvalidDockerStorageOptionsError extends HeadwaterError {
  readonly [symbol] = true;
  readonly problems: readonly string[];

  constructor({ problems }: { problems: readonly string[] }) {
    super({
      code: 'INVALID_STORAGE_OPTIONS',
      message: `Invalid Docker storage options:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    });
    this.name = 'InvalidDockerStorageOptionsError';
    this.problems = problems;
  }

  static override isInstance(error: unknown): error is InvalidDockerStorageOptionsError {
    return HeadwaterError.hasMarker(error, marker);
  }
}

import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage.directory-error';
const symbol = Symbol.for(marker);

/** A directory a storage writes into could not be created or is not a directory. */
export class DirectoryError extends HeadwaterError {
  readonly [symbol] = true;
  /** The directory asked for. */
  readonly directory: string;
  /** The part of it that could not be created (`directory` itself or one of its parents). */
  readonly failedAt: string;

  constructor({ directory, failedAt, cause }: { directory: string; failedAt: string; cause: unknown }) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super({
      code: 'DIRECTORY',
      message: `Cannot create the directory ${directory}${failedAt === directory ? '' : ` (at ${failedAt})`}: ${reason}. Choose a directory this user can write to (e.g. --directory ./flows), or create it first.`,
      cause,
    });
    this.name = 'DirectoryError';
    this.directory = directory;
    this.failedAt = failedAt;
  }

  static override isInstance(error: unknown): error is DirectoryError {
    return HeadwaterError.hasMarker(error, marker);
  }
}

import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage-docker.image-digest-missing-error';
const symbol = Symbol.for(marker);

/** After a push, the registry does not serve the manifest that was pushed. */
export class ImageDigestMissingError extends HeadwaterError {
  readonly [symbol] = true;
  readonly image: string;
  /** The digest the engine reported for the push, if it reported one. */
  readonly pushedDigest: string | undefined;
  /** The digest the registry serves for the tag (undefined when it serves none). */
  readonly registryDigest: string | undefined;

  constructor(details: { image: string; pushedDigest?: string; registryDigest?: string; cause?: unknown }) {
    const found = details.registryDigest
      ? `serves ${details.registryDigest} for the tag`
      : 'has no manifest for the tag';
    super({
      code: 'IMAGE_DIGEST_MISSING',
      message:
        `The push of ${details.image} did not land: the engine reported ${details.pushedDigest ?? 'no digest'} ` +
        `but the registry ${found}. Another push may have replaced the tag, or the registry dropped the upload; ` +
        'deploy again, and check the registry logs if it repeats.',
      cause: details.cause,
    });
    this.name = 'ImageDigestMissingError';
    this.image = details.image;
    this.pushedDigest = details.pushedDigest;
    this.registryDigest = details.registryDigest;
  }

  static override isInstance(error: unknown): error is ImageDigestMissingError {
    return HeadwaterError.hasMarker(error, marker);
  }
}

import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage-docker.base-image-missing-error';
const symbol = Symbol.for(marker);

/** The base image is not on the engine and could not be pulled. */
export class BaseImageMissingError extends HeadwaterError {
  readonly [symbol] = true;
  readonly baseImage: string;
  /** What the engine answered to the pull. */
  readonly engineMessage: string;

  constructor({
    baseImage,
    engineMessage,
    cause,
  }: { baseImage: string; engineMessage: string; cause?: unknown }) {
    super({
      code: 'BASE_IMAGE_MISSING',
      message:
        `The base image ${baseImage} is not on the Docker engine and pulling it failed: ${engineMessage}. ` +
        `Pull it yourself (\`docker pull ${baseImage}\`, after \`docker login\` if the registry needs it), ` +
        'or set the `baseImage` storage option to an image the engine has (`docker images` lists them).',
      cause,
    });
    this.name = 'BaseImageMissingError';
    this.baseImage = baseImage;
    this.engineMessage = engineMessage;
  }

  static override isInstance(error: unknown): error is BaseImageMissingError {
    return HeadwaterError.hasMarker(error, marker);
  }
}

import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage-docker.image-build-error';
const symbol = Symbol.for(marker);

/** A Dockerfile step other than dependencies and the health check failed. */
export class ImageBuildError extends HeadwaterError {
  readonly [symbol] = true;
  /** The failing instruction, e.g. `COPY files/0-settings.json /etc/app/settings.json`. */
  readonly step: string;
  /** The engine's error and the step's last output lines. */
  readonly output: string;

  constructor({ step, output, cause }: { step: string; output: string; cause?: unknown }) {
    super({
      code: 'IMAGE_BUILD_FAILED',
      message: `Building the image failed at \`${step}\`:\n${output}`,
      cause,
    });
    this.name = 'ImageBuildError';
    this.step = step;
    this.output = output;
  }

  static override isInstance(error: unknown): error is ImageBuildError {
    return HeadwaterError.hasMarker(error, marker);
  }
}

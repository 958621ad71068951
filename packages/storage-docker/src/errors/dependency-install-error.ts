import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage-docker.dependency-install-error';
const symbol = Symbol.for(marker);

/** `npm install` of the storage's `dependencies` failed while building the image. */
export class DependencyInstallError extends HeadwaterError {
  readonly [symbol] = true;
  /** The dependency specs that were being installed. */
  readonly dependencies: readonly string[];
  /** The last lines npm printed. */
  readonly output: string;

  constructor({
    dependencies,
    output,
    cause,
  }: { dependencies: readonly string[]; output: string; cause?: unknown }) {
    super({
      code: 'DEPENDENCY_INSTALL_FAILED',
      message:
        `Installing the flow's dependencies in the image failed (npm install ${dependencies.join(' ')}). ` +
        'Check the names and versions in the `dependencies` storage option; a private package needs its ' +
        `registry credentials in the image. npm said:\n${output}`,
      cause,
    });
    this.name = 'DependencyInstallError';
    this.dependencies = dependencies;
    this.output = output;
  }

  static override isInstance(error: unknown): error is DependencyInstallError {
    return HeadwaterError.hasMarker(error, marker);
  }
}

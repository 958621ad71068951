import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.missing-package';
const symbol = Symbol.for(marker);

/** A package that a feature needs (a plugin, the Headwater runtime, the client) is not installed. */
export class MissingPackageError extends HeadwaterError {
  readonly [symbol] = true;
  /** The package to install, e.g. `@headwater/client`. */
  readonly packageName: string;
  /** The directories it was looked for from. */
  readonly searched: readonly string[];
  /** The command that installs it, e.g. `npm install @headwater/client`. */
  readonly install: string;

  constructor({
    packageName,
    feature,
    searched = [],
    install = `npm install ${packageName}`,
    cause,
  }: {
    packageName: string;
    feature: string;
    searched?: readonly string[];
    install?: string;
    cause?: unknown;
  }) {
    const where = searched.length > 0 ? ` from ${searched.join(', ')}` : '';
    super({
      code: 'MISSING_PACKAGE',
      message: `${feature} needs the package ${packageName}, which could not be found${where}. Install it in your project: \`${install}\`.`,
      cause,
    });
    this.name = 'MissingPackageError';
    this.packageName = packageName;
    this.searched = searched;
    this.install = install;
  }

  static override isInstance(error: unknown): error is MissingPackageError {
    return HeadwaterError.hasMarker(error, marker);
  }
}

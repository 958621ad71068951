import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.missing-package';
const symbol = Symbol.for(marker);

/** An optional Headwater package that a feature needs is not installed. */
export class MissingPackageError extends HeadwaterError {
  readonly [symbol] = true;
  /** The package to install, e.g. `@headwater/client`. */
  readonly packageName: string;

  constructor({ packageName, feature, cause }: { packageName: string; feature: string; cause?: unknown }) {
    super({
      code: 'MISSING_PACKAGE',
      message: `${feature} needs the package ${packageName}, which could not be imported. Install it next to @headwater/core (e.g. \`pnpm add ${packageName}\`).`,
      cause,
    });
    this.name = 'MissingPackageError';
    this.packageName = packageName;
  }

  static override isInstance(error: unknown): error is MissingPackageError {
    return HeadwaterError.hasMarker(error, marker);
  }
}

import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.config';
const symbol = Symbol.for(marker);

/** The config file or a `HEADWATER__…` variable could not be read or has a wrong value. */
export class ConfigError extends HeadwaterError {
  readonly [symbol] = true;
  /** The file or variable at fault. */
  readonly source: string;

  constructor({ source, message, cause }: { source: string; message: string; cause?: unknown }) {
    super({ code: 'CONFIG', message: `${source}: ${message}`, cause });
    this.name = 'ConfigError';
    this.source = source;
  }

  static override isInstance(error: unknown): error is ConfigError {
    return HeadwaterError.hasMarker(error, marker);
  }
}

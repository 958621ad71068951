const baseMarker = Symbol.for('headwater.error');
const marker = 'headwater.cli.error';
const symbol = Symbol.for(marker);

/**
 * An error the CLI raises itself (a flow not found, not logged in): a `HeadwaterError` for
 * every check (`HeadwaterError.isInstance` is true, it has a `code`), defined here so that
 * commands can throw it without loading `@headwater/core`.
 */
export class CliError extends Error {
  readonly [baseMarker] = true;
  readonly [symbol] = true;
  /** Stable machine-readable error code, e.g. `FLOW_NOT_FOUND`. */
  readonly code: string;

  constructor({ code, message, cause }: { code: string; message: string; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CliError';
    this.code = code;
  }

  static isInstance(error: unknown): error is CliError {
    return hasMarker(error, symbol);
  }
}

/** True for a `HeadwaterError` from any copy of `@headwater/core`, and for a {@link CliError}. */
export function isHeadwaterError(error: unknown): error is Error & { code: string } {
  return hasMarker(error, baseMarker);
}

function hasMarker(error: unknown, markerSymbol: symbol): boolean {
  return (
    error != null &&
    typeof error === 'object' &&
    markerSymbol in error &&
    (error as Record<symbol, unknown>)[markerSymbol] === true
  );
}

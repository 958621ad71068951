const marker = 'headwater.error';
const symbol = Symbol.for(marker);

/**
 * Base class of every error Headwater throws on purpose.
 *
 * `code` is stable and machine-readable; `message` says what failed, why, and what to do
 * next; `cause` keeps the underlying error. Use `HeadwaterError.isInstance(e)` rather than
 * `instanceof`, so the check still works when two copies of this package are loaded.
 *
 * @example
 * ```ts
 * try { await flow.deploy('My Project') } catch (e) {
 *   if (HeadwaterError.isInstance(e)) console.error(e.code, e.message);
 * }
 * ```
 */
export class HeadwaterError extends Error {
  readonly [symbol] = true;
  /** Stable machine-readable error code, e.g. `FLOW_VALIDATION`. */
  readonly code: string;

  constructor({ code, message, cause }: { code: string; message: string; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'HeadwaterError';
    this.code = code;
  }

  /** True for any HeadwaterError, from any copy of `@headwater/core`. */
  static isInstance(error: unknown): error is HeadwaterError {
    return HeadwaterError.hasMarker(error, marker);
  }

  /** For subclasses: true when `error` carries the `Symbol.for(markerName)` marker. */
  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName);
    return (
      error != null &&
      typeof error === 'object' &&
      markerSymbol in error &&
      (error as any)[markerSymbol] === true
    );
  }
}

import type { JsonValue } from '../contracts/json.js';
import type { ResultHandlerV1, SerializedResultHandler } from '../contracts/result-handler.js';
import { HeadwaterError } from '../errors/headwater-error.js';
import { VERSION } from '../version.js';
import { decodeResult, encodeResult } from './result-codec.js';

/** Options of {@link JSONResultHandler}. */
export interface JSONResultHandlerOptions {
  /**
   * Largest result, in bytes of JSON, that may travel inside a state.
   * @default 65536
   */
  maxBytes?: number;
}

/**
 * Keeps a result inside the state as JSON. Plain JSON is stored as it is; Map, Set, Date,
 * BigInt, undefined, NaN and the like are encoded so they read back unchanged; functions and
 * class instances fail the task with where they are. Results must stay under `maxBytes`;
 * use a `LocalResultHandler` (or your own) for larger results.
 *
 * @example
 * ```ts
 * new Flow('etl', { resultHandler: new JSONResultHandler({ maxBytes: 16_384 }) });
 * ```
 */
export class JSONResultHandler implements ResultHandlerV1 {
  readonly specificationVersion = 'v1' as const;
  readonly type = 'JSONResultHandler';
  readonly maxBytes: number;

  constructor(options: JSONResultHandlerOptions = {}) {
    this.maxBytes = options.maxBytes ?? 65_536;
  }

  /**
   * The result as it goes into the state: plain JSON as it is, other values through
   * {@link encodeResult} (a `ResultSerializationError` for functions and class instances).
   */
  async write(value: unknown): Promise<JsonValue> {
    const stored = encodeResult(value);
    const text = JSON.stringify(stored);
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > this.maxBytes) {
      throw new HeadwaterError({
        code: 'RESULT_TOO_LARGE',
        message: `A result of ${bytes} bytes of JSON exceeds the JSONResultHandler limit of ${this.maxBytes} bytes; raise maxBytes or use a LocalResultHandler.`,
      });
    }
    return stored;
  }

  async read(reference: JsonValue): Promise<unknown> {
    return decodeResult(reference);
  }

  serialize(): SerializedResultHandler {
    return { type: this.type, max_bytes: this.maxBytes, __version__: VERSION };
  }
}

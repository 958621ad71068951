import type { JsonValue } from '../contracts/json.js';
import type { ResultHandlerV1, SerializedResultHandler } from '../contracts/result-handler.js';
import { HeadwaterError } from '../errors/headwater-error.js';
import { VERSION } from '../version.js';

/** Options of {@link JSONResultHandler}. */
export interface JSONResultHandlerOptions {
  /**
   * Largest result, in bytes of JSON, that may travel inside a state.
   * @default 65536
   */
  maxBytes?: number;
}

/**
 * Keeps a result inside the state as JSON. Values must survive JSON and stay under
 * `maxBytes`; use a `LocalResultHandler` (or your own) for larger results.
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

  async write(value: unknown): Promise<JsonValue> {
    const text = JSON.stringify(value);
    if (text === undefined) {
      throw new HeadwaterError({
        code: 'RESULT_NOT_JSON',
        message: `A result of type ${typeof value} cannot be stored as JSON; return a JSON value or use another result handler.`,
      });
    }
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > this.maxBytes) {
      throw new HeadwaterError({
        code: 'RESULT_TOO_LARGE',
        message: `A result of ${bytes} bytes of JSON exceeds the JSONResultHandler limit of ${this.maxBytes} bytes; raise maxBytes or use a LocalResultHandler.`,
      });
    }
    return JSON.parse(text) as JsonValue;
  }

  async read(reference: JsonValue): Promise<unknown> {
    return reference;
  }

  serialize(): SerializedResultHandler {
    return { type: this.type, max_bytes: this.maxBytes, __version__: VERSION };
  }
}

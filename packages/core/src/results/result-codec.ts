import { DevalueError, parse, stringify } from 'devalue';
import type { JsonValue } from '../contracts/json.js';
import { HeadwaterError } from '../errors/headwater-error.js';
import { ResultSerializationError } from '../errors/result-serialization-error.js';
import { isPlainJson } from './plain-json.js';

/** Key marking a stored result that plain JSON could not hold as it was. */
export const RESULT_ENCODING_KEY = '__headwater_encoding__';
const DEVALUE = 'devalue/1';

/** A result stored through devalue: `{ "__headwater_encoding__": "devalue/1", "data": "<devalue text>" }`. */
interface EncodedResult {
  [RESULT_ENCODING_KEY]: typeof DEVALUE;
  data: string;
}

const isEncoded = (value: unknown): value is EncodedResult =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  (value as Record<string, unknown>)[RESULT_ENCODING_KEY] === DEVALUE &&
  typeof (value as Record<string, unknown>).data === 'string';

/**
 * A result as a JSON value that {@link decodeResult} turns back into an equal value.
 * Plain JSON stays as it is; anything JSON would change (Map, Set, Date, BigInt, undefined,
 * NaN, Infinity, -0, RegExp, URL, typed arrays, cycles, shared references) is kept through
 * devalue. Functions, symbols and class instances are a {@link ResultSerializationError}
 * naming where they are (`root` prefixes the path, e.g. `result`).
 *
 * @example
 * ```ts
 * const stored = encodeResult(new Map([['a', 1]]));
 * decodeResult(stored); // Map { 'a' => 1 }
 * ```
 */
export function encodeResult(value: unknown, root = 'result'): JsonValue {
  if (isPlainJson(value) && !isEncoded(value)) return value as JsonValue;
  const encoded: EncodedResult = { [RESULT_ENCODING_KEY]: DEVALUE, data: encodeText(value, root) };
  return encoded as unknown as JsonValue;
}

/** The value {@link encodeResult} stored; plain JSON (as stored before encodings existed) is returned as it is. */
export function decodeResult(stored: unknown): unknown {
  if (!isEncoded(stored)) return stored;
  try {
    return parse(stored.data);
  } catch (cause) {
    throw new HeadwaterError({
      code: 'RESULT_READ',
      message: `A stored result marked ${DEVALUE} could not be decoded (${(cause as Error).message}); it was changed after it was written. Run the task again to store its result anew.`,
      cause,
    });
  }
}

/** devalue's text for `value`, or a {@link ResultSerializationError} for what it cannot hold. */
function encodeText(value: unknown, root = 'result'): string {
  try {
    return stringify(value);
  } catch (error) {
    if (!(error instanceof DevalueError)) throw error;
    const culprit = (error as DevalueError & { value?: unknown }).value;
    throw new ResultSerializationError({
      path: `${root}${error.path}`,
      valueType: typeName(culprit),
      cause: error,
    });
  }
}

/** The name a message gives a value's type: its class's name, `function`, `symbol`. */
function typeName(value: unknown): string {
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  if (value === null || typeof value !== 'object') return typeof value;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === null || prototype === Object.prototype) return 'object with symbol keys';
  const name = (prototype as { constructor?: { name?: string } }).constructor?.name;
  return name || 'anonymous class';
}

import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.result-serialization';
const symbol = Symbol.for(marker);

/**
 * A task's result (or an input sent to a worker thread) holds a value that no result
 * encoding keeps: a function, a symbol, an instance of a class, an object with symbol keys.
 * Storing it would silently change it (JSON makes a `Map` or a class instance `{}`), so the
 * task fails instead, naming where the value is and what it is.
 *
 * @example
 * ```ts
 * if (ResultSerializationError.isInstance(error)) console.error(error.path, error.valueType);
 * ```
 */
export class ResultSerializationError extends HeadwaterError {
  readonly [symbol] = true;
  /** Where the value is, e.g. `result.rows[2].owner` (`result` for the whole value). */
  readonly path: string;
  /** What the value is: a class name (`Customer`), `function`, `symbol`, `Error`, … */
  readonly valueType: string;

  constructor({ path, valueType, cause }: { path: string; valueType: string; cause?: unknown }) {
    super({
      code: 'RESULT_NOT_SERIALIZABLE',
      message: `${path} is ${article(valueType)}, which cannot be stored without changing it. Return plain data instead: objects, arrays, strings, numbers, booleans and null, plus Map, Set, Date, BigInt, RegExp, URL, typed arrays and undefined (these are kept as they are); turn an instance of a class into a plain object (e.g. its toJSON() or { ...fields }) and leave functions out.`,
      cause,
    });
    this.name = 'ResultSerializationError';
    this.path = path;
    this.valueType = valueType;
  }

  static override isInstance(error: unknown): error is ResultSerializationError {
    return HeadwaterError.hasMarker(error, marker);
  }
}

const article = (type: string) =>
  type === 'function' || type === 'symbol'
    ? `a ${type}`
    : type.startsWith('object')
      ? `an ${type}`
      : `an instance of ${type}`;

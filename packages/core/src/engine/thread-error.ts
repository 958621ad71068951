import type { JsonValue } from '../contracts/json.js';
import { decodeResult, encodeResult } from '../results/result-codec.js';

/** An error as it crosses between a task's thread and the run's: what rebuilds an equal one. */
export interface SerializedThreadError {
  name: string;
  message: string;
  stack: string | undefined;
  /** `Symbol.for` markers set to `true` (what `isInstance` checks of Headwater errors look for). */
  markers: string[];
  /** Its own fields (`code`, a signal's payload, …), each encoded; fields that cannot be are left out. */
  fields: Record<string, JsonValue>;
}

/** An error thrown in a task's thread, in a form that crosses to the run's thread. */
export function serializeThreadError(error: unknown): SerializedThreadError {
  if (error === null || typeof error !== 'object') {
    return { name: 'Error', message: String(error), stack: undefined, markers: [], fields: {} };
  }
  const source = error as Record<string | symbol, unknown>;
  const markers = Object.getOwnPropertySymbols(source)
    .filter((key) => source[key] === true && Symbol.keyFor(key) !== undefined)
    .map((key) => Symbol.keyFor(key)!);
  const fields: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(source)) {
    try {
      fields[key] = encodeResult(value, key);
    } catch {
      // A field that cannot cross (a handle, a function) stays behind; the message still does.
    }
  }
  return {
    name: String(source.name ?? 'Error'),
    message: String(source.message ?? error),
    stack: typeof source.stack === 'string' ? source.stack : undefined,
    markers,
    fields,
  };
}

/** The error {@link serializeThreadError} described, with its markers, so `SkipSignal.isInstance` and the like still hold. */
export function deserializeThreadError(serialized: SerializedThreadError): Error {
  const error = new Error(serialized.message) as Error & Record<string | symbol, unknown>;
  for (const [key, value] of Object.entries(serialized.fields)) error[key] = decodeResult(value);
  for (const marker of serialized.markers) error[Symbol.for(marker)] = true;
  error.name = serialized.name;
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}

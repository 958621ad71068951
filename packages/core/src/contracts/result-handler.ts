import type { JsonValue } from './json.js';

/** A result handler on the wire, e.g. `{ "type": "LocalResultHandler", "dir": "/data", "__version__": "0.1.0" }`. */
export interface SerializedResultHandler {
  type: string;
  __version__: string;
  [key: string]: JsonValue | undefined;
}

/**
 * Result handlers turn a task's return value into something JSON-safe that can travel in a
 * state (and back). With checkpointing on, the engine writes every successful result
 * through the task's handler; a resumed run reads upstream results back with it.
 *
 * @example
 * ```ts
 * const handler = new LocalResultHandler({ dir: '/var/headwater/results' });
 * const reference = await handler.write({ rows: 3 }); // "/var/headwater/results/3f2c….json"
 * await handler.read(reference); // { rows: 3 }
 * ```
 */
export interface ResultHandlerV1 {
  readonly specificationVersion: 'v1';
  /** Serialized `type`, e.g. `JSONResultHandler`. */
  readonly type: string;
  /** Stores `value`; resolves to a JSON-safe reference (for JSON, the value itself). */
  write(value: unknown): Promise<JsonValue>;
  /** Reads a value back from what `write` returned. */
  read(reference: JsonValue): Promise<unknown>;
  serialize(): SerializedResultHandler;
}

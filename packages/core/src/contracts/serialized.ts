import type { JsonValue } from './json.js';

/**
 * A storage backend as it appears on the wire (the `storage` key of a serialized flow).
 *
 * @example
 * ```json
 * { "type": "Docker", "registry_url": "127.0.0.1:5000", "image_name": "etl", "image_tag": "2024-05-01t12-00-00",
 *   "flows": { "etl": "/opt/headwater/flows/etl.mjs" }, "__version__": "0.1.0" }
 * ```
 */
export interface SerializedStorage {
  /** `Docker`, `Local`, or `"<package>:<export>"` for third-party backends. */
  type: string;
  /** Flow name → location inside the storage. */
  flows: Record<string, string>;
  __version__: string;
  /** Backend-specific fields, snake_case. */
  [key: string]: JsonValue | undefined;
}

/**
 * An environment as it appears on the wire (the `environment` key of a serialized flow).
 *
 * @example
 * ```json
 * { "type": "RemoteEnvironment", "executor": "@headwater/core:LocalExecutor", "executor_kwargs": {},
 *   "labels": [], "__version__": "0.1.0" }
 * ```
 */
export interface SerializedEnvironment {
  /** `RemoteEnvironment`, `LocalEnvironment`, or `"<package>:<export>"`. */
  type: string;
  /** Labels an agent must carry to run flows of this environment. */
  labels?: string[];
  __version__: string;
  /** Environment-specific fields, snake_case. */
  [key: string]: JsonValue | undefined;
}

/**
 * A reference to a whitelisted function with its arguments (triggers, cache validators,
 * schedule filters and adjustments).
 *
 * @example
 * ```json
 * { "fn": "headwater.triggers.someSuccessful", "kwargs": { "at_least": 2, "at_most": null } }
 * ```
 */
export interface FunctionReference {
  fn: string;
  kwargs: Record<string, JsonValue>;
}

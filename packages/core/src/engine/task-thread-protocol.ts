import type { JsonValue } from '../contracts/json.js';
import type { SerializedThreadError } from './thread-error.js';

/** Registry key of the function a task's thread calls once the flow's module is loaded. */
export const TASK_THREAD_ENTRY = Symbol.for('headwater.task-thread.v1');

/** What a task's thread is given: where the task is, and its encoded inputs and context. */
export interface TaskThreadRequest {
  /** File URL of the module that defines (and exports) the flow. */
  module: string;
  flowName: string;
  taskSlug: string;
  /** The inputs, encoded with `encodeResult`. */
  inputs: JsonValue;
  /** The run context's fields other than `signal` and `task`, each encoded. */
  runContext: Record<string, JsonValue>;
  /** URLs of the modules the process preloaded (`--import`), imported first. */
  preloads: string[];
}

/**
 * What a task's thread posts: `started` once it found the task and calls it (the time limit
 * counts from there), then the encoded result or the error the task threw.
 */
export type TaskThreadReply =
  | { started: true }
  | { ok: true; result: JsonValue }
  | { ok: false; error: SerializedThreadError };

import type { SerializedState } from '../states/state.js';
import type { JsonObject, JsonValue } from './json.js';

/**
 * A state as it travels between processes: its wire form plus its raw result (through
 * `encodeResult`; a failure's error as `{ name, message, stack }`) and, for a `Mapped`
 * state, its children.
 */
export interface TransportedState {
  state: SerializedState;
  /** The encoded raw result; absent when the state holds none or it cannot travel. */
  result?: JsonValue;
  /** The raw result was an error, kept as its name, message and stack. */
  error?: { name: string; message: string; stack?: string };
  mapStates?: (TransportedState | null)[];
}

/** One upstream edge of a {@link TaskRunRequest}, in the order of `flow.edgesTo(task)`. */
export interface TransportedUpstream {
  upstreamSlug: string;
  key: string | null;
  mapped: boolean;
  state: TransportedState;
}

/**
 * One task run (or mapped child) described by data only, for an executor that runs task
 * runs in other processes: the process that takes it loads the same flow and runs the task
 * with `runTaskRunRequest`. Everything in it is JSON.
 *
 * @example
 * ```ts
 * const request: TaskRunRequest = {
 *   flowName: 'etl', taskSlug: 'load-1', mapIndex: 3, state: null, upstream: [],
 *   parameters: { limit: 10 }, context: { flowRunId: '…' }, checkpoint: true, inProcessRetryLimit: 60_000,
 * };
 * ```
 */
export interface TaskRunRequest {
  flowName: string;
  taskSlug: string;
  /** Index of the mapped child; `null` for an unmapped task run. */
  mapIndex: number | null;
  /** The task run's state as the flow run knows it; `null` for a fresh run. */
  state: TransportedState | null;
  upstream: TransportedUpstream[];
  parameters: JsonObject;
  /** The JSON entries of the flow run's context (ids, versions, names). */
  context: JsonObject;
  checkpoint: boolean;
  inProcessRetryLimit: number;
}

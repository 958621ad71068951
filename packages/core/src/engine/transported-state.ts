import type { JsonObject } from '../contracts/json.js';
import type { TransportedState } from '../contracts/task-run-request.js';
import { isPlainJson } from '../results/plain-json.js';
import { decodeResult, encodeResult } from '../results/result-codec.js';
import { deserializeState } from '../serialization/deserialize-state.js';
import { Mapped, type State } from '../states/state.js';

/** A state in the form that travels to another process (see {@link TransportedState}). */
export function transportState(state: State): TransportedState {
  const out: TransportedState = { state: state.serialize() };
  const result = state.result;
  if (result instanceof Error) {
    out.error = {
      name: result.name,
      message: result.message,
      ...(result.stack ? { stack: result.stack } : {}),
    };
  } else if (result !== undefined && !(state instanceof Mapped)) {
    try {
      out.result = encodeResult(result);
    } catch {
      // A value no encoding keeps stays behind; the state's message and safe result travel.
    }
  }
  if (state instanceof Mapped)
    out.mapStates = state.mapStates.map((c) => (c === null ? null : transportState(c)));
  return out;
}

/** The state a {@link transportState} form stands for, raw result included. */
export function receiveState(transported: TransportedState): State {
  const state = deserializeState(transported.state);
  if (transported.error) {
    const error = new Error(transported.error.message);
    error.name = transported.error.name;
    if (transported.error.stack) error.stack = transported.error.stack;
    state.result = error;
  } else if ('result' in transported) state.result = decodeResult(transported.result);
  if (state instanceof Mapped && transported.mapStates) {
    state.mapStates = transported.mapStates.map((c) => (c === null ? null : receiveState(c)));
    state.result = state.mapStates.map((c) => c?.result);
  }
  return state;
}

/** The JSON entries of a run context (what can travel to another process). */
export function jsonContext(context: Readonly<Record<string, unknown>>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(context)) if (isPlainJson(value)) out[key] = value as never;
  return out;
}

import type { JsonObject } from '../contracts/json.js';
import type { SerializedResultHandler } from '../contracts/result-handler.js';
import { decodeResult } from '../results/result-codec.js';
import {
  Cached,
  type CachedInput,
  Cancelled,
  Cancelling,
  ClientFailed,
  Failed,
  Finished,
  Looped,
  Mapped,
  Paused,
  Pending,
  Queued,
  Resume,
  Retrying,
  Running,
  type SafeResult,
  Scheduled,
  Skipped,
  type State,
  Submitted,
  Success,
  TimedOut,
  TriggerFailed,
} from '../states/state.js';
import { parseWire } from './parse-wire.js';
import { type ParsedState, stateSchema } from './schemas.js';

type ParsedResult = ParsedState['_result'];

const safeOf = (result: ParsedResult): SafeResult | null =>
  result.type === 'SafeResult'
    ? { value: result.value, resultHandler: result.result_handler as SerializedResultHandler }
    : null;

/** JSON results are in the state, so they are available right after loading. */
const loadedValue = (safe: SafeResult | null): unknown =>
  safe !== null && safe.resultHandler.type === 'JSONResultHandler' ? decodeResult(safe.value) : undefined;

const inputsOf = (inputs: Record<string, ParsedResult> | null): Record<string, CachedInput> | null => {
  if (inputs === null) return null;
  const out: Record<string, CachedInput> = {};
  for (const [name, result] of Object.entries(inputs)) {
    const safeResult = safeOf(result);
    out[name] = { value: loadedValue(safeResult), safeResult };
  }
  return out;
};

const dateOf = (iso: string | null) => (iso === null ? null : new Date(iso));

function build(parsed: ParsedState): State {
  const safeResult = safeOf(parsed._result);
  const base = {
    message: parsed.message,
    context: parsed.context as JsonObject | null,
    safeResult,
    result: loadedValue(safeResult),
  };
  switch (parsed.type) {
    case 'Pending':
      return new Pending({ ...base, cachedInputs: inputsOf(parsed.cached_inputs) });
    case 'Scheduled':
    case 'Paused':
    case 'Resume': {
      const Class = { Scheduled, Paused, Resume }[parsed.type];
      return new Class({
        ...base,
        cachedInputs: inputsOf(parsed.cached_inputs),
        startTime: dateOf(parsed.start_time),
      });
    }
    case 'Retrying':
      return new Retrying({
        ...base,
        cachedInputs: inputsOf(parsed.cached_inputs),
        startTime: dateOf(parsed.start_time),
        runCount: parsed.run_count,
      });
    case 'Submitted':
      return new Submitted({
        ...base,
        state: parsed.state === null ? null : build(parsed.state as ParsedState),
      });
    case 'ClientFailed':
      return new ClientFailed({
        ...base,
        state: parsed.state === null ? null : build(parsed.state as ParsedState),
      });
    case 'Queued':
      return new Queued({
        ...base,
        state: parsed.state === null ? null : build(parsed.state as ParsedState),
        startTime: dateOf(parsed.start_time),
      });
    case 'Running':
      return new Running(base);
    case 'Cancelling':
      return new Cancelling(base);
    case 'Finished':
      return new Finished(base);
    case 'Success':
      return new Success(base);
    case 'Skipped':
      return new Skipped(base);
    case 'Cancelled':
      return new Cancelled(base);
    case 'Cached':
      return new Cached({
        ...base,
        cachedInputs: inputsOf(parsed.cached_inputs),
        cachedParameters: parsed.cached_parameters as JsonObject | null,
        cachedResultExpiration: dateOf(parsed.cached_result_expiration),
      });
    case 'Mapped':
      return new Mapped({ ...base, mapStates: Array.from({ length: parsed.n_map_states }, () => null) });
    case 'Failed':
    case 'TimedOut':
    case 'TriggerFailed': {
      const Class = { Failed, TimedOut, TriggerFailed }[parsed.type];
      return new Class({ ...base, cachedInputs: inputsOf(parsed.cached_inputs) });
    }
    case 'Looped':
      return new Looped({ ...base, loopCount: parsed.loop_count });
  }
}

/**
 * Loads a serialized state. JSON-handled results are available as `state.result`; others
 * stay in `state.safeResult` until read with their handler. Mapped children load as `null`.
 *
 * @example
 * ```ts
 * const state = deserializeState({ type: 'Success', message: 'done', _result: { type: 'NoResultType' } });
 * state.isSuccessful(); // true
 * ```
 */
export function deserializeState(json: unknown): State {
  return build(parseWire(stateSchema, json, 'state'));
}

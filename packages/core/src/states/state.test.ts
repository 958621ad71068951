import { describe, expect, it } from 'vitest';
import { WireFormatError } from '../errors/wire-format-error.js';
import { deserializeState } from '../serialization/deserialize-state.js';
import { VERSION } from '../version.js';
import {
  Cached,
  Cancelled,
  Cancelling,
  ClientFailed,
  Failed,
  Finished,
  isState,
  Looped,
  Mapped,
  Paused,
  Pending,
  Queued,
  Resume,
  Retrying,
  Running,
  Scheduled,
  Skipped,
  type State,
  Submitted,
  Success,
  TimedOut,
  TriggerFailed,
} from './state.js';
import { STATE_TYPES, type StateType } from './state-hierarchy.js';

const jsonHandler = { type: 'JSONResultHandler', __version__: VERSION };
const startTime = new Date('2024-05-01T12:00:00.000Z');

const examples: State[] = [
  new Pending({ cachedInputs: { x: { value: 1, safeResult: { value: 1, resultHandler: jsonHandler } } } }),
  new Scheduled({ startTime }),
  new Paused({ startTime }),
  new Resume({ startTime }),
  new Retrying({ startTime, runCount: 2, message: 'retrying' }),
  new Submitted({ state: new Scheduled({ startTime }) }),
  new Queued({ state: new Running(), startTime }),
  new ClientFailed({ state: new Success() }),
  new Running({ message: 'Running flow.' }),
  new Cancelling(),
  new Finished(),
  new Success({ result: 42, safeResult: { value: 42, resultHandler: jsonHandler }, context: { k: 'v' } }),
  new Cached({ cachedParameters: { p: 1 }, cachedResultExpiration: startTime }),
  new Mapped({ mapStates: [new Success(), new Failed()] }),
  new Skipped({ message: 'upstream skipped' }),
  new Failed({ message: 'boom' }),
  new TimedOut(),
  new TriggerFailed(),
  new Cancelled(),
  new Looped({ loopCount: 3 }),
];

describe('State classes', () => {
  it('exist for every state type of the hierarchy', () => {
    expect(examples.map((s) => s.type).sort()).toEqual(STATE_TYPES.filter((t) => t !== 'State').sort());
  });

  it('answer is* predicates along the hierarchy', () => {
    const cached = new Cached();
    expect([cached.isCached(), cached.isSuccessful(), cached.isFinished(), cached.isFailed()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(new Retrying().isScheduled() && new Retrying().isPending()).toBe(true);
    expect(new TimedOut().isFailed()).toBe(true);
    expect(new Cancelling().isRunning()).toBe(true);
    expect(new Queued().isMetaState() && !new Running().isMetaState()).toBe(true);
    expect(new Skipped().isSuccessful()).toBe(true);
    expect(isState(new Success()) && !isState({ type: 'Success' })).toBe(true);
  });

  it('serialize the per-type keys and never a raw result', () => {
    expect(new Retrying({ startTime, runCount: 2, result: { secret: 1 } }).serialize()).toEqual({
      type: 'Retrying',
      message: null,
      context: null,
      _result: { type: 'NoResultType', __version__: VERSION },
      cached_inputs: null,
      start_time: '2024-05-01T12:00:00.000Z',
      run_count: 2,
      __version__: VERSION,
    });
    expect(new Mapped({ mapStates: [new Success(), null] }).serialize()).toMatchObject({ n_map_states: 2 });
    expect(new Submitted({ state: new Scheduled({ startTime }) }).serialize().state).toMatchObject({
      type: 'Scheduled',
      start_time: '2024-05-01T12:00:00.000Z',
    });
  });

  it.each(examples.map((s) => [s.type, s] as [StateType, State]))('round-trips %s', (_type, state) => {
    const wire = JSON.parse(JSON.stringify(state.serialize()));
    const loaded = deserializeState(wire);
    expect(loaded.constructor).toBe(state.constructor);
    expect(loaded.serialize()).toEqual(state.serialize());
  });

  it('loads JSON results as values, mapped children as placeholders', () => {
    const success = deserializeState(
      new Success({ safeResult: { value: [1, 2], resultHandler: jsonHandler } }).serialize(),
    );
    expect(success.result).toEqual([1, 2]);
    const mapped = deserializeState({ type: 'Mapped', n_map_states: 3 }) as Mapped;
    expect(mapped.mapStates).toEqual([null, null, null]);
  });

  it('rejects unknown types and malformed fields with their paths', () => {
    const issues = (json: unknown) => {
      try {
        deserializeState(json);
      } catch (e) {
        if (WireFormatError.isInstance(e)) return e.issues.map((i) => i.path);
        throw e;
      }
      return [];
    };
    expect(issues({ type: 'Exploded' })).toEqual(['type']);
    expect(issues({ type: 'Retrying', run_count: -1 })).toEqual(['run_count']);
    expect(issues({ type: 'Submitted', state: { type: 'Nope' } })).toEqual(['state.type']);
    expect(
      issues({ type: 'Success', _result: { type: 'SafeResult', value: 1, result_handler: { type: 'S3' } } }),
    ).toEqual(['_result.result_handler.type']);
  });
});

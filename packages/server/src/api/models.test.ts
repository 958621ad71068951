import { describe, expect, it } from 'vitest';
import type { TaskRunTable } from '../database/tables.js';
import { toTaskRun } from './models.js';

const row = (serializedState: string, startTime: string | null, endTime: string | null): TaskRunTable => ({
  id: 'task-run',
  tenant_id: 'tenant',
  flow_run_id: 'flow-run',
  task_id: 'task',
  task_slug: 'task-1',
  map_index: -1,
  name: null,
  run_count: 1,
  version: 3,
  state: 'Running',
  state_message: null,
  state_timestamp: '2030-01-01T00:00:00.000Z',
  state_start_time: null,
  serialized_state: serializedState,
  heartbeat: null,
  start_time: startTime,
  end_time: endTime,
  created: '2030-01-01T00:00:00.000Z',
  updated: '2030-01-01T00:00:00.000Z',
});

describe('run models', () => {
  it('parse the serialized state when it is read, once, and hand it on in copies', () => {
    const model = toTaskRun(row('{"type": "Running", "n": [1, 2]}', null, null));
    const state = model.serializedState;
    expect(state).toEqual({ type: 'Running', n: [1, 2] });
    expect(model.serializedState).toBe(state);
    expect({ ...model }.serializedState).toBe(state);
    expect(toTaskRun(row('not json', null, null)).state).toBe('Running');
    expect(() => toTaskRun(row('not json', null, null)).serializedState).toThrow(SyntaxError);
  });

  it('say the duration of a finished run, and of a running one until it is read', () => {
    expect(toTaskRun(row('{}', '2030-01-01T00:00:00.000Z', '2030-01-01T00:00:02.500Z')).duration).toBe(2.5);
    const running = toTaskRun(row('{}', new Date(Date.now() - 60_000).toISOString(), null));
    expect(running.duration).toBeGreaterThanOrEqual(60);
    expect(toTaskRun(row('{}', null, null)).duration).toBeNull();
  });
});

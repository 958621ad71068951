import { describe, expect, it } from 'vitest';
import { failedTaskRuns, failureReason } from './failure.js';
import { createStateCatalog } from './states.js';

const catalog = createStateCatalog([
  { name: 'State', parent: null },
  { name: 'Finished', parent: 'State' },
  { name: 'Success', parent: 'Finished' },
  { name: 'Failed', parent: 'Finished' },
  { name: 'TriggerFailed', parent: 'Failed' },
]);

const run = (name: string, state: string, stateMessage: string | null, startTime: string | null) => ({
  name,
  state,
  stateMessage,
  startTime,
});

describe('failure', () => {
  const taskRuns = [
    run('load', 'TriggerFailed', 'Trigger was "all_successful" but some of the upstream tasks failed.', null),
    run('audit', 'Failed', 'Unexpected error: disk full', '2026-01-01T12:00:05Z'),
    run('extract', 'Success', 'Task run succeeded.', '2026-01-01T12:00:00Z'),
    run('transform', 'Failed', 'Unexpected error: connection refused', '2026-01-01T12:00:02Z'),
  ];

  it('lists the tasks that failed by themselves first, earliest first, then those that followed', () => {
    expect(failedTaskRuns(taskRuns, catalog).map((taskRun) => taskRun.name)).toEqual([
      'transform',
      'audit',
      'load',
    ]);
  });

  it("names the first failing task's error instead of the flow's generic message", () => {
    expect(failureReason('Some reference tasks failed.', taskRuns, catalog, (taskRun) => taskRun.name)).toBe(
      'transform: Unexpected error: connection refused',
    );
  });

  it("keeps the run's own message when no task failed, and says when there is none", () => {
    const ok = [taskRuns[2]!];
    expect(failureReason('Failed to load flow etl from its storage', ok, catalog, (t) => t.name)).toBe(
      'Failed to load flow etl from its storage',
    );
    expect(failureReason(null, [] as typeof taskRuns, catalog, (t) => t.name)).toBe(
      'No message was recorded.',
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { LOADING_FLOWS } from '../flow/loading-flows.js';
import { task } from '../tasks/function-task.js';
import type { TaskOptions } from '../tasks/task.js';
import { threadTarget } from './task-isolation.js';

const MODULE = '/project/flows/etl.ts';
const flags = globalThis as Record<symbol, unknown>;
const deployed = (loading: boolean) => {
  flags[LOADING_FLOWS] = loading;
};
const made = (fn: () => unknown, options: TaskOptions) =>
  Object.assign(task(fn, options), { slug: 'crunch-1' });
const syncTask = (options: TaskOptions) => made(() => 1, options);
const asyncTask = (options: TaskOptions) => made(async () => 1, options);

describe('where a task runs', () => {
  const before = flags[LOADING_FLOWS];
  afterEach(() => {
    flags[LOADING_FLOWS] = before;
  });

  it("'auto' picks a thread for a plain function with a timeout in a deployed run only", () => {
    deployed(true);
    expect(threadTarget(syncTask({ timeout: 300 }), 'etl', MODULE)).toEqual({
      module: MODULE,
      flowName: 'etl',
      taskSlug: 'crunch-1',
    });
    expect(threadTarget(syncTask({}), 'etl', MODULE)).toBeUndefined();
    expect(threadTarget(asyncTask({ timeout: 300 }), 'etl', MODULE)).toBeUndefined();
    expect(threadTarget(syncTask({ timeout: 300, isolation: 'none' }), 'etl', MODULE)).toBeUndefined();
    expect(threadTarget(syncTask({ timeout: 300 }), 'etl', undefined)).toBeUndefined();
    deployed(false);
    expect(threadTarget(syncTask({ timeout: 300 }), 'etl', MODULE)).toBeUndefined();
  });

  it("'thread' is honoured anywhere, and needs the flow's module", () => {
    deployed(false);
    expect(threadTarget(asyncTask({ isolation: 'thread' }), 'etl', MODULE)?.taskSlug).toBe('crunch-1');
    expect(() => threadTarget(syncTask({ isolation: 'thread' }), 'etl', undefined)).toThrow(
      /module of flow "etl" is unknown.*module: import\.meta\.url/,
    );
  });
});

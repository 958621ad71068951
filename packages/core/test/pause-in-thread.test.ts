import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WAKE_UP } from './fixtures/pause-thread-flow.js';

const runner = join(import.meta.dirname, 'fixtures', 'run-pause-thread-flow.ts');

describe("a PauseSignal thrown by a task with isolation: 'thread'", () => {
  it('ends the task Paused with its message and wake-up time; resumed, the task runs in its thread', () => {
    const child = spawnSync(process.execPath, ['--conditions=@headwater/source', '--import', 'tsx', runner], {
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const outcome = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
    expect(outcome).toEqual({
      paused: {
        type: 'Paused',
        message: 'Waiting for approval in a thread.',
        startTime: WAKE_UP.toISOString(),
      },
      resumed: { type: 'Success', result: { inThread: true } },
    });
  });
});

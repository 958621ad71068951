import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeResult } from '../src/index.js';

const runner = join(import.meta.dirname, 'fixtures', 'run-thread-flow.ts');

interface Outcome {
  elapsed: number;
  cancelled: string;
  tasks: Record<string, { states: { type: string; at: number }[]; message: string; result: unknown }>;
}

/** Runs the fixture flow as a user would (`node --import tsx`), in a process of its own. */
function runFlow(directory: string): Outcome {
  const child = spawnSync(process.execPath, ['--conditions=@headwater/source', '--import', 'tsx', runner], {
    env: {
      ...process.env,
      HW_TEST_MARKER: join(directory, 'marker'),
      HW_TEST_STARTED: join(directory, 'started'),
      HW_TEST_LATE: join(directory, 'late'),
    },
    encoding: 'utf8',
    timeout: 50_000,
  });
  if (child.status !== 0) throw new Error(`the flow process failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Outcome;
}

describe("tasks with isolation: 'thread'", () => {
  const directory = mkdtempSync(join(tmpdir(), 'headwater-thread-'));
  const marker = join(directory, 'marker');
  const outcome = runFlow(directory);

  it('stop synchronous work at the limit: TimedOut, retried, and the loop never reaches its side effect', async () => {
    const spin = outcome.tasks.spin!;
    expect(spin.states.map((s) => s.type)).toEqual([
      'Running',
      'TimedOut',
      'Retrying',
      'Running',
      'TimedOut',
    ]);
    // Each attempt ended well before the 2.5 s loop would have (loading the module is not counted).
    const [firstRun, firstTimeout, , secondRun, secondTimeout] = spin.states;
    expect(firstTimeout!.at - firstRun!.at).toBeLessThan(2500);
    expect(secondTimeout!.at - secondRun!.at).toBeLessThan(2500);
    expect(spin.message).toBe('Task timed out after 300 ms.');
    // The loop would have written the marker 1 s in; its thread was terminated before.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(existsSync(marker)).toBe(false);
  });

  it('pass inputs and results that JSON would change (Set in, Map of Dates out) unchanged', () => {
    const counted = outcome.tasks['count-tags']!;
    expect(counted.states.at(-1)!.type).toBe('Success');
    expect(decodeResult(counted.result)).toEqual(
      new Map([
        ['a', new Date(0)],
        ['b', new Date(0)],
      ]),
    );
  });

  it('run each child of a mapped task in its own thread, with its map index', () => {
    const squared = outcome.tasks.square!;
    expect(squared.states.at(-1)!.type).toBe('Mapped');
    expect(decodeResult(squared.result)).toEqual([
      { index: 0, square: 1n },
      { index: 1, square: 4n },
      { index: 2, square: 9n },
    ]);
  });

  it('refuse a class instance result with its path, and keep signals (SKIP) as they are', () => {
    expect(outcome.tasks.customer!.message).toMatch(
      /task "customer".*result\.owner is an instance of Customer/,
    );
    expect(outcome.tasks.skipper!.states.at(-1)!.type).toBe('Skipped');
    expect(outcome.tasks.skipper!.message).toBe('nothing to do today');
  });

  it('terminate the thread of a cancelled run: Cancelled, and the loop never reaches its side effect', async () => {
    expect(outcome.cancelled).toBe('Cancelled');
    expect(existsSync(join(directory, 'started'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(existsSync(join(directory, 'late'))).toBe(false);
  });
});

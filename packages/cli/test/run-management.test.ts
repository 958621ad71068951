import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliStack, startCliStack } from './helpers/cli-stack.js';
import { waitUntil } from './helpers/wait-until.js';

/** Whether a process with this id exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('headwater cancel and restart against a real server and a process agent', () => {
  let stack: CliStack;
  const cli = (...args: string[]) => stack.cli(...args);
  const stateOf = async (id: string): Promise<string> =>
    JSON.parse((await cli('describe', 'flow-run', '--id', id)).stdout).state;
  /** A scratch directory for one run's marker files. */
  const scratch = (name: string) => {
    const dir = join(stack.home, 'markers', name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    stack = await startCliStack('runs', ['Runs']);
    await stack.deploy('slow-flow.ts', 'Runs');
    await stack.deploy('fails-once-flow.ts', 'Runs');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('cancels a running run: it is Cancelling, ends Cancelled, and its process stops', async () => {
    const dir = scratch('slow');
    const created = await cli('run', 'flow', '--name', 'cli-slow', '--param', `dir=${dir}`, '--json');
    expect(created.code, created.stderr).toBe(0);
    const { id, name } = JSON.parse(created.stdout);
    const pidFile = join(dir, 'pid');
    await waitUntil(`the run's task to start\n${stack.agent.output()}`, () => existsSync(pidFile));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);

    const cancelled = await cli('cancel', 'flow-run', name);
    expect(cancelled.stderr).toBe('');
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toBe(
      `Flow run ${name} (${id}) is Cancelling: its process stops its tasks and ends it Cancelled.\n`,
    );
    await waitUntil('the run to end Cancelled', async () => (await stateOf(id)) === 'Cancelled');
    await waitUntil(`the run process ${pid} to stop`, () => !alive(pid));
    expect(existsSync(join(dir, 'finished'))).toBe(false);

    const again = await cli('cancel', 'flow-run', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `Error: Flow run ${name} (${id}) has already finished (Cancelled): nothing to cancel.\n`,
    );
  });

  it('cancels a run that has not started, by id with --json and -q', async () => {
    const later = async () =>
      JSON.parse(
        (
          await cli(
            'run',
            'flow',
            '--name',
            'cli-slow',
            '--param',
            `dir=${scratch('later')}`,
            '--in',
            '1h',
            '--json',
          )
        ).stdout,
      ) as { id: string; name: string };
    const first = await later();
    const json = await cli('cancel', 'flow-run', first.id, '--json');
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json.stdout)).toEqual({
      flowRunId: first.id,
      flowRunName: first.name,
      state: 'Cancelled',
    });
    expect(await stateOf(first.id)).toBe('Cancelled');

    const second = await later();
    const quiet = await cli('cancel', 'flow-run', second.name, '-q');
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toBe(`${second.id}\n`);
  });

  it('restarts a failed run from its failed task: it ends Success and the task that succeeded does not run again', async () => {
    const dir = scratch('flaky');
    const failed = await cli('run', 'flow', '--name', 'cli-fails-once', '--param', `dir=${dir}`, '--watch');
    expect(failed.code, `${failed.stdout}\n${failed.stderr}\n${stack.agent.output()}`).toBe(1);
    const id = /: ([0-9a-f-]{36})/.exec(failed.stderr)?.[1] ?? '';
    const run = JSON.parse((await cli('describe', 'flow-run', '--id', id)).stdout);
    expect(run.state).toBe('Failed');

    const restarted = await cli('restart', 'flow-run', run.name, '--json');
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(JSON.parse(restarted.stdout)).toEqual({
      flowRunId: id,
      flowRunName: run.name,
      state: 'Scheduled',
      taskRuns: [{ id: expect.any(String), taskSlug: expect.stringMatching(/^flaky/) }],
    });
    await waitUntil(`the restarted run to finish\n${stack.agent.output()}`, async () =>
      ['Success', 'Failed'].includes(await stateOf(id)),
    );
    const finished = JSON.parse((await cli('describe', 'flow-run', '--id', id)).stdout);
    expect(finished.state).toBe('Success');
    expect(finished.taskRuns.map((taskRun: { state: string }) => taskRun.state)).toEqual([
      'Success',
      'Success',
      'Success',
    ]);
    expect(readFileSync(join(dir, 'prepared'), 'utf8')).toBe('x');
  });

  it('refuses to restart a run that did not fail, and names what to do for an unknown run', async () => {
    const dir = scratch('once-more');
    const succeeded = await cli(
      'run',
      'flow',
      '--name',
      'cli-fails-once',
      '--param',
      `dir=${dir}`,
      '--watch',
    );
    expect(succeeded.code).toBe(1);
    const id = /: ([0-9a-f-]{36})/.exec(succeeded.stderr)?.[1] ?? '';
    await cli('restart', 'flow-run', id);
    await waitUntil('the restarted run to finish', async () => (await stateOf(id)) === 'Success');
    const refused = await cli('restart', 'flow-run', id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^Error: Flow run \S+ \(.+\) is Success, not Failed: only a failed run restarts from its failed tasks\./,
    );

    const unknown = await cli('cancel', 'flow-run', 'no-such-run');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'Error: Flow run "no-such-run" not found. List the runs with `headwater get flow-runs`.\n',
    );
  });
});

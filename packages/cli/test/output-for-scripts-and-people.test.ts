import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../src/main.js';
import { LISTS_OR_CREATES } from '../src/options/flag-vocabulary.js';
import { type CliStack, startCliStack } from './helpers/cli-stack.js';
import { headwaterBin, runCli } from './helpers/headwater-cli.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A timestamp as the CLI writes it, in the zone `zone` (`UTC`, `UTC+05:30`). */
const stamp = (zone: string) => `\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ${zone.replace('+', '\\+')}`;

/** Commands that list or create, with `--json`, tested in other files (they need Docker). */
const JSON_TESTED_ELSEWHERE = new Set(['inspect image']);

/** The path of every command of the program, subcommands included. */
function commandPaths(command: Command, path: string[] = []): string[] {
  if (command.commands.length === 0) return [path.join(' ')];
  return command.commands.flatMap((sub) => commandPaths(sub, [...path, sub.name()]));
}

/** The cell of `column` in a row of an aligned table whose header is `header`. */
function cell(header: string, row: string, column: string, next: string): string {
  return row.slice(header.indexOf(column), header.indexOf(next)).trim();
}

describe('output for scripts and for people, against a real server and a process agent', () => {
  let stack: CliStack;
  let runId: string;
  const cli = (...args: string[]) => stack.cli(...args);
  const inZone = (tz: string, ...args: string[]) => runCli(args, { env: { ...stack.env, TZ: tz } });

  beforeAll(async () => {
    stack = await startCliStack('output', ['Output']);
    await stack.deploy('hello-flow.ts', 'Output');
    // -q with --watch: only the id of the run, once it has finished.
    const watched = await cli('run', 'flow', '--name', 'cli-hello', '--watch', '-q');
    expect(watched.code, `${watched.stderr}\n${stack.agent.output()}`).toBe(0);
    expect(watched.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    runId = watched.stdout.trim();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('prints one JSON document ending with a newline for every command that lists or creates', async () => {
    const runs: Record<string, string[]> = {
      'get projects': [],
      'get flows': [],
      'get flow-runs': [],
      'get tasks': ['--flow', 'cli-hello'],
      'get logs': ['--id', runId],
      'describe flow': ['--name', 'cli-hello'],
      'describe flow-run': ['--id', runId],
      'create project': ['Made for JSON'],
      'run flow': ['--name', 'cli-hello'],
      'auth create-token': ['--name', 'json', '--scope', 'RUNNER'],
      'auth list-tokens': [],
      'server create-token': ['--name', 'json-direct', '--scope', 'RUNNER'],
      serialize: [join(fixtures, 'hello-flow.ts')],
      deploy: [
        join(fixtures, 'hello-flow.ts'),
        ...['--project', 'Output', '--storage', 'local', '--directory', join(stack.home, 'flows')],
      ],
    };
    const listing = commandPaths(createProgram()).filter((path) => LISTS_OR_CREATES.test(path));
    expect(listing.filter((path) => !(path in runs) && !JSON_TESTED_ELSEWHERE.has(path))).toEqual([]);
    for (const [path, args] of Object.entries(runs)) {
      const result = await cli(...path.split(' '), ...args, '--json');
      expect(result.code, `${path}: ${result.stderr}`).toBe(0);
      expect(result.stdout.endsWith('\n'), `${path} ends its JSON with a newline`).toBe(true);
      expect(() => JSON.parse(result.stdout), `${path} prints one JSON document`).not.toThrow();
    }
  });

  it('prints only ids, one per line, with -q', async () => {
    const created = await cli('run', 'flow', '--name', 'cli-hello', '-q');
    expect(created.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const listed = (await cli('get', 'flow-runs', '--flow', 'cli-hello', '-q')).stdout.trimEnd().split('\n');
    for (const id of listed) expect(id).toMatch(UUID);
    expect(listed).toEqual(expect.arrayContaining([runId, created.stdout.trim()]));
    // A state takes in the ones under it: Finished is Success, Failed, Cancelled, …
    const finished = await cli('get', 'flow-runs', '--state', 'finished', '-q');
    expect(finished.stdout.trimEnd().split('\n')).toContain(runId);
    const unknown = await cli('get', 'flow-runs', '--state', 'Faild');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Error: Unknown state "Faild" for --state: use one of /);
    const project = await cli('create', 'project', 'Quiet', '-q');
    expect(project.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(project.stderr).toBe('');
    // A new token's secret is what a script needs of it, and it is shown only once.
    const token = await cli('auth', 'create-token', '--name', 'quiet', '--scope', 'RUNNER', '-q');
    expect(token.stdout).toMatch(/^hw_\S+\n$/);
    expect(token.stderr).toBe('');
  });

  it('writes times in local time with the zone, as TZ says', async () => {
    for (const [tz, zone] of [
      ['UTC', 'UTC'],
      ['Asia/Kolkata', 'UTC+05:30'],
    ] as const) {
      const logs = (await inZone(tz, 'get', 'logs', '--id', runId)).stdout.trimEnd().split('\n');
      expect(logs.length).toBeGreaterThan(2);
      for (const line of logs.slice(1)) expect(line).toMatch(new RegExp(`^${stamp(zone)}  `));
      const runs = (await inZone(tz, 'get', 'flow-runs', '--flow', 'cli-hello', '--state', 'Success')).stdout;
      const [header, row] = runs.trimEnd().split('\n');
      expect(cell(header!, row!, 'START TIME', 'DURATION')).toMatch(new RegExp(`^${stamp(zone)}$`));
      expect(cell(header!, row!, 'DURATION', 'ID')).toMatch(/^(\d+m )?\d+s$/);
    }
  });

  it('names the task on every task log line of get logs, "Starting task run" included', async () => {
    const [header, ...lines] = (await cli('get', 'logs', '--id', runId)).stdout.trimEnd().split('\n');
    expect(header).toMatch(/^TIMESTAMP\s+LEVEL\s+TASK\s+MESSAGE$/);
    const starting = lines.filter((line) => line.includes('Starting task run'));
    expect(starting.length).toBeGreaterThan(0);
    for (const line of starting) expect(cell(header!, line, 'TASK', 'MESSAGE')).toMatch(/^(greet|name)\b/);
    const json = JSON.parse((await cli('get', 'logs', '--id', runId, '--json')).stdout);
    expect(json.filter((log: { task: string }) => log.task.startsWith('greet')).length).toBeGreaterThan(0);
  });

  it('says when a Scheduled run is due, in get flow-runs and describe flow-run', async () => {
    const later = await cli('run', 'flow', '--name', 'cli-hello', '--in', '2h', '--json');
    expect(later.code, later.stderr).toBe(0);
    const { id } = JSON.parse(later.stdout);
    const due = new RegExp(`due ${stamp('UTC+05:30')} \\(in (1 hour|2 hours)\\)`);
    const runs = (await inZone('Asia/Kolkata', 'get', 'flow-runs', '--state', 'Scheduled')).stdout;
    const [header, ...rows] = runs.trimEnd().split('\n');
    const row = rows.find((line) => line.endsWith(id))!;
    expect(cell(header!, row, 'START TIME', 'DURATION')).toMatch(due);
    const described = await inZone('Asia/Kolkata', 'describe', 'flow-run', '--id', id);
    expect(described.stderr).toMatch(new RegExp(`^Scheduled, ${due.source}\\.$`, 'm'));
    expect(JSON.parse(described.stdout)).toMatchObject({ id, state: 'Scheduled' });
  });

  it('says, while run flow --watch waits, that no connected agent has the run’s labels', async () => {
    const child = spawn(
      process.execPath,
      [headwaterBin, 'run', 'flow', '--name', 'cli-hello', '--label', 'gpu', '--watch'],
      { env: { PATH: process.env.PATH, NO_COLOR: '1', ...stack.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    const hinted = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('start one with')) resolve();
      });
    });
    await Promise.race([hinted, exited]);
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain(
      'Waiting: No connected agent runs Local storage with labels [gpu]: start one with `headwater agent start process --label gpu`',
    );
    expect(stderr).toMatch(/Stopped watching; flow run \S+ goes on/);
  });
});

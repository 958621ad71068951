import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from './output.js';

function captured() {
  const stream = new PassThrough() as PassThrough & NodeJS.WriteStream;
  let text = '';
  stream.on('data', (chunk) => {
    text += chunk;
  });
  return { stream, text: () => text };
}

function plainOutput(options: { verbose?: boolean; quiet?: boolean } = {}) {
  const stdout = captured();
  const stderr = captured();
  const output = new Output({ stdout: stdout.stream, stderr: stderr.stream, ...options }, {});
  return { output, stdout, stderr };
}

describe('CliProgressReporter without a terminal', () => {
  it('prints one line per step and per 10% of progress, and keeps quiet about logs', async () => {
    const { output, stderr, stdout } = plainOutput();
    expect(output.interactive).toBe(false);
    expect(output.color).toBe(false);
    const reporter = await output.progress();
    reporter.step('push', 'Pushing 127.0.0.1:5000/etl');
    for (let done = 0; done <= 100; done += 5) reporter.progress('push', done, 100, 'layer 1/1');
    reporter.log('push', 'noisy line');
    reporter.done('push', 'sha256:abc');
    const lines = stderr.text().trimEnd().split('\n');
    expect(lines[0]).toBe('• Pushing 127.0.0.1:5000/etl');
    expect(lines.filter((line) => line.includes('layer 1/1'))).toHaveLength(11);
    expect(lines.at(-1)).toBe('✔ Pushing 127.0.0.1:5000/etl (sha256:abc)');
    expect(stderr.text()).not.toContain('noisy line');
    expect(stdout.text()).toBe('');
  });

  it('prints the last log lines of a failed step', async () => {
    const { output, stderr } = plainOutput();
    const reporter = await output.progress();
    reporter.step('build', 'Building image');
    for (let i = 1; i <= 40; i++) reporter.log('build', `line ${i}`);
    reporter.fail('build', new Error('npm install failed'));
    const text = stderr.text();
    expect(text).toContain('✖ Building image\n');
    expect(text).not.toContain('npm install failed');
    expect(text).toContain('│ line 40');
    expect(text).toContain('│ line 11');
    expect(text).not.toContain('│ line 10\n');
  });

  it('prints log lines as they come with --verbose, and nothing but failures with --quiet', async () => {
    const verbose = plainOutput({ verbose: true });
    const reporter = await verbose.output.progress();
    reporter.step('build', 'Building image');
    reporter.log('build', 'Step 1/6 : FROM node:20');
    expect(verbose.stderr.text()).toContain('│ Step 1/6 : FROM node:20');

    const quiet = plainOutput({ quiet: true });
    const silent = await quiet.output.progress();
    silent.step('build', 'Building image');
    silent.progress('build', 5, 10);
    silent.done('build');
    expect(quiet.stderr.text()).toBe('');
  });
});

describe('Output', () => {
  it('prints tables, or JSON with --json', () => {
    const human = plainOutput();
    human.output.table([{ header: 'NAME', value: (r: { name: string }) => r.name }], [{ name: 'etl' }]);
    expect(human.stdout.text()).toBe('NAME\netl\n');

    const stdout = captured();
    const json = new Output({ stdout: stdout.stream, stderr: captured().stream, json: true }, {});
    json.table([{ header: 'NAME', value: (r: { name: string }) => r.name }], [{ name: 'etl' }]);
    expect(JSON.parse(stdout.text())).toEqual([{ name: 'etl' }]);
  });

  it('honours NO_COLOR even on a terminal', () => {
    const stream = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 80,
    }) as unknown as NodeJS.WriteStream;
    const widthless = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 0,
    }) as unknown as NodeJS.WriteStream;
    expect(new Output({ stdout: widthless, stderr: widthless }, {}).interactive).toBe(false);
    expect(new Output({ stdout: stream, stderr: stream }, { NO_COLOR: '1' }).color).toBe(false);
    expect(new Output({ stdout: stream, stderr: stream }, {}).color).toBe(true);
    expect(new Output({ stdout: stream, stderr: stream }, {}).interactive).toBe(true);
    expect(new Output({ stdout: stream, stderr: stream }, { CI: 'true' }).interactive).toBe(false);
  });
});

function output(options: { json?: boolean; quiet?: boolean } = {}) {
  const stdout = captured();
  const stderr = captured();
  return {
    output: new Output({ stdout: stdout.stream, stderr: stderr.stream, ...options }, {}),
    stdout,
    stderr,
  };
}

const columns = [{ header: 'NAME', value: (row: { name: string }) => row.name }];
const rows = [
  { id: 'a1', name: 'etl' },
  { id: 'b2', name: 'report' },
];

describe('Output for scripts', () => {
  it('prints one JSON document ending with a newline with --json, for results and tables', () => {
    const table = output({ json: true });
    table.output.table(columns, rows);
    expect(table.stdout.text().endsWith('}\n]\n')).toBe(true);
    expect(JSON.parse(table.stdout.text())).toEqual(rows);
    const result = output({ json: true });
    result.output.result({ id: 'a1', name: 'etl' }, 'Created etl.');
    expect(result.stdout.text()).toBe('{\n  "id": "a1",\n  "name": "etl"\n}\n');
  });

  it('prints only ids, one per line, with --quiet', () => {
    const table = output({ quiet: true });
    table.output.table(columns, rows);
    expect(table.stdout.text()).toBe('a1\nb2\n');
    const result = output({ quiet: true });
    result.output.result({ id: 'a1', name: 'etl' }, 'Created etl.');
    expect(result.stdout.text()).toBe('a1\n');
    const secret = output({ quiet: true });
    secret.output.result({ id: 'a1' }, 'hw_secret', 'hw_secret');
    expect(secret.stdout.text()).toBe('hw_secret\n');
  });

  it('prints nothing with --quiet when a listing is empty, and the human form for a result without an id', () => {
    const empty = output({ quiet: true });
    empty.output.table(columns, []);
    expect(empty.stdout.text() + empty.stderr.text()).toBe('');
    const status = output({ quiet: true });
    status.output.result({ api: 'http://127.0.0.1:4200' }, 'API: http://127.0.0.1:4200');
    expect(status.stdout.text()).toBe('API: http://127.0.0.1:4200\n');
  });
});

describe('progress', () => {
  it('never shows more than 100 %, even when the source counts past its total', async () => {
    const { output: out, stderr } = output();
    const reporter = await out.progress();
    reporter.step('push', 'Pushing etl');
    reporter.progress('push', 22016, 11245, '3 layer(s)');
    const line = stderr.text().trimEnd().split('\n').at(-1);
    expect(line).toBe('  Pushing etl: [####################] 100% 11245/11245 3 layer(s)');
  });
});

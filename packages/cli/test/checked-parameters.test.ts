import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltCli, runCli } from './helpers/headwater-cli.js';
import { type ServerProcess, startServerProcess } from './helpers/server-process.js';

const fixtures = join(import.meta.dirname, 'fixtures');

describe('headwater run flow with checked parameters', () => {
  let home: string;
  let server: ServerProcess;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, { env });
  const runChecked = (...args: string[]) =>
    cli('run', 'flow', '--name', 'cli-checked', '--project', 'Checked', ...args);

  beforeAll(async () => {
    ensureBuiltCli();
    home = mkdtempSync(join(tmpdir(), 'headwater-cli-checked-'));
    server = await startServerProcess([], { HOME: home });
    env = { HOME: home, HEADWATER__CLOUD__API: server.api };
    expect((await cli('auth', 'login', '--token', server.adminToken)).code).toBe(0);
    expect((await cli('create', 'project', 'Checked')).code).toBe(0);
    const deploy = await cli(
      'deploy',
      join(fixtures, 'checked-flow.ts'),
      '--project',
      'Checked',
      '--storage',
      'local',
      '--directory',
      join(home, 'flows'),
    );
    expect(deploy.code, deploy.stderr).toBe(0);
  });

  afterAll(async () => {
    await server?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('refuses a value of the wrong type in one line naming it, and creates no run', async () => {
    const refused = await runChecked('--param', 'x=notanumber');
    expect(refused.code).toBe(1);
    const lines = refused.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Error: .*parameters\.x: expected number, got string "notanumber"/);
    const runs = await cli('get', 'flow-runs', '--flow', 'cli-checked', '--json');
    expect(JSON.parse(runs.stdout)).toEqual([]);
  });

  it('passes the text as typed to a parameter declared a string', async () => {
    const created = await runChecked('--param', 'x=1', '--param', 'label=123', '--json');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).parameters).toEqual({ x: 1, label: '123' });
  });

  it('creates the run when the value has the declared type', async () => {
    const runs = async () =>
      JSON.parse((await cli('get', 'flow-runs', '--flow', 'cli-checked', '--json')).stdout);
    const before = (await runs()).length;
    const created = await runChecked('--param', 'x=5');
    expect(created.code, created.stderr).toBe(0);
    expect(await runs()).toHaveLength(before + 1);
  });
});

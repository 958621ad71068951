import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, heavyModules, recordImports, requireTestEnv } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentProcess, startAgentProcess } from './helpers/agent-process.js';
import { type CliResult, ensureBuiltCli, runCli } from './helpers/headwater-cli.js';
import { type ServerProcess, startServerProcess } from './helpers/server-process.js';
import { writeUserProject } from './helpers/user-project.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const postgres = requireTestEnv(['databaseUrl']);
const databases = [
  { database: 'sqlite' as const },
  ...(postgres.available ? [{ database: 'postgres' as const }] : []),
];

/** A user error: one line on stderr, no stack trace. */
function expectOneLineError(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code).toBe(code);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Error: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe.each(databases)('the headwater CLI against a server on $database', ({ database }) => {
  let home: string;
  let server: ServerProcess;
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, { env });

  beforeAll(async () => {
    ensureBuiltCli();
    home = mkdtempSync(join(tmpdir(), 'headwater-cli-home-'));
    if (database === 'postgres') {
      const scratch = await createScratchDatabase(
        postgres.available ? postgres.env.databaseUrl : '',
        'headwater_cli',
      );
      databaseUrl = scratch.url;
      dropDatabase = scratch.drop;
    }
    server = await startServerProcess(databaseUrl ? ['--database-url', databaseUrl] : [], { HOME: home });
    env = { HOME: home, HEADWATER__CLOUD__API: server.api };
  });

  afterAll(async () => {
    await server?.stop();
    await dropDatabase?.();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('refuses a bad token at login and saves nothing', async () => {
    const result = await cli('auth', 'login', '--token', 'hw_wrong');
    expectOneLineError(result, 1, /refused this token/);
    expect(() => statSync(join(home, '.headwater', 'contexts.json'))).toThrow();
  });

  it('logs in: checks the token, saves it 0600 as the current context, and uses it', async () => {
    const login = await cli('auth', 'login', '--token', server.adminToken);
    expect(login.code).toBe(0);
    expect(login.stdout).toMatch(/Logged in to .* as token "admin" \(USER\)/);
    expect(statSync(join(home, '.headwater', 'contexts.json')).mode & 0o777).toBe(0o600);

    const status = await cli('auth', 'status', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      scope: 'USER',
      tokenSource: 'context',
      apiSource: 'env',
    });
  });

  it('creates a project, and refuses a duplicate in one line', async () => {
    const created = await cli('create', 'project', 'CLI Project', '--description', 'made by the CLI');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Project "CLI Project" created \(/);
    expectOneLineError(await cli('create', 'project', 'CLI Project'), 1, /already exists/);
  });

  it('lists projects as an aligned table and as JSON', async () => {
    const table = await cli('get', 'projects');
    expect(table.code).toBe(0);
    const [header, row] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+FLOW COUNT\s+AGE\s+DESCRIPTION$/);
    expect(row).toMatch(/^CLI Project\s+0\s+(now|.+ago)\s+made by the CLI$/);
    expect(header!.indexOf('FLOW COUNT')).toBe(row!.indexOf('0'));
    const json = JSON.parse((await cli('get', 'projects', '--json')).stdout);
    expect(json).toEqual([expect.objectContaining({ name: 'CLI Project', description: 'made by the CLI' })]);
  });

  it('serializes the flows a TypeScript file exports, in the seed shape', async () => {
    const one = await cli('serialize', join(fixtures, 'hello-flow.ts'));
    expect(one.code).toBe(0);
    const flow = JSON.parse(one.stdout);
    expect(flow).toMatchObject({ name: 'cli-hello', type: 'headwater.Flow', schedule: null, storage: null });
    expect(Object.keys(flow).sort()).toEqual(
      [
        '__version__',
        'edges',
        'environment',
        'name',
        'parameters',
        'reference_tasks',
        'schedule',
        'storage',
        'tasks',
        'type',
      ].sort(),
    );
    expect(flow.environment).toMatchObject({
      type: 'RemoteEnvironment',
      executor: '@headwater/core:LocalExecutor',
    });
    const both = JSON.parse((await cli('serialize', join(fixtures, 'two-flows.ts'))).stdout);
    expect(both.map((f: { name: string }) => f.name)).toEqual(['cli-first', 'cli-second']);
    const chosen = JSON.parse(
      (await cli('serialize', join(fixtures, 'two-flows.ts'), '--flow', 'cli-second')).stdout,
    );
    expect(chosen.name).toBe('cli-second');
  });

  it('deploys with Local storage, then lists the flow and its tasks', async () => {
    const directory = join(home, 'flows');
    const deployed = await cli(
      'deploy',
      join(fixtures, 'hello-flow.ts'),
      '--project',
      'CLI Project',
      '--storage',
      'local',
      '--directory',
      directory,
      '--json',
    );
    expect(deployed.stderr).not.toMatch(/Error/);
    expect(deployed.code).toBe(0);
    const result = JSON.parse(deployed.stdout);
    expect(result).toMatchObject({ name: 'cli-hello', version: 1, projectName: 'CLI Project' });
    expect(result.serializedFlow.storage).toMatchObject({ type: 'Local' });
    expect(readdirSync(directory).length).toBeGreaterThan(0);

    const flows = await cli('get', 'flows', '--project', 'CLI Project');
    const [header, row] = flows.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+VERSION\s+PROJECT NAME\s+AGE\s+ID$/);
    expect(row).toMatch(new RegExp(`^cli-hello\\s+1\\s+CLI Project\\s+(now|.+ago)\\s+${result.id}$`));

    const tasks = await cli('get', 'tasks', '--flow', 'cli-hello', '--json');
    expect(
      JSON.parse(tasks.stdout)
        .map((t: { name: string }) => t.name)
        .sort(),
    ).toEqual(['greet', 'name']);
    const taskTable = await cli('get', 'tasks', '--flow-name', 'cli-hello');
    expect(taskTable.stderr).toMatch(/^Deprecated: --flow-name is now --flow;/);
    expect(taskTable.stdout.split('\n')[0]).toMatch(
      /^NAME\s+FLOW NAME\s+FLOW VERSION\s+AGE\s+MAPPED\s+TYPE$/,
    );

    const described = JSON.parse((await cli('describe', 'flow', '--name', 'cli-hello')).stdout);
    expect(described).toMatchObject({ name: 'cli-hello', version: 1, storage: { type: 'Local' } });
  });

  it('refuses to deploy with Local storage a flow that does not load from its bundle, with the error and its stack', async () => {
    const directory = join(home, 'flows-that-do-not-load');
    const result = await cli(
      'deploy',
      join(fixtures, 'reads-own-file-flow.ts'),
      '--project',
      'CLI Project',
      '--storage',
      'local',
      '--directory',
      directory,
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('✖ Checking that 1 flow(s) load from the bundle');
    expect(result.stderr).toContain('The health check of flow(s) "cli-reads-own-file" failed');
    expect(result.stderr).toMatch(/ENOENT.*reads-own-file-settings\.json/);
    expect(result.stderr).toMatch(/at .*reads-own-file-flow\.ts:\d+/);
    expect(readdirSync(directory)).toEqual([]);
    const flows = await cli('get', 'flows', '--project', 'CLI Project', '--json');
    expect(JSON.parse(flows.stdout).map((flow: { name: string }) => flow.name)).not.toContain(
      'cli-reads-own-file',
    );
  });

  it('lists flows loading the client and core’s base only, none of the heavy modules', async () => {
    const record = recordImports();
    try {
      const result = await runCli(['get', 'flows', '--json'], {
        env: { ...env, ...record.env },
        nodeArgs: record.execArgv,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).map((flow: { name: string }) => flow.name)).toContain('cli-hello');
      const imported = record.read();
      expect(imported.some((url) => url.includes('/client/dist/index.js'))).toBe(true);
      expect(heavyModules(imported, ['/client/dist/', '/core/dist/base.js', '/core/dist/chunk-'])).toEqual(
        [],
      );
    } finally {
      record.dispose();
    }
  });

  it('deploys a TypeScript flow of a CommonJS project (npm init -y) with Local storage', async () => {
    const directory = writeUserProject(join(home, 'commonjs-project'), 'commonjs', {
      'flows/etl.ts': [
        "import { Flow, task } from '@headwater/core';",
        "import { double } from './lib/math';",
        "export const flow = new Flow('cli-commonjs');",
        "flow.add(task(() => double(21), { name: 'answer' }), {});",
        '',
      ].join('\n'),
      'flows/lib/math.ts': 'export const double = (n: number): number => n * 2;\n',
    });
    const result = await runCli(
      ['deploy', 'flows/etl.ts', '--project', 'CLI Project', '--storage', 'local', '--json'],
      { env, cwd: directory },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: 'cli-commonjs', version: 1, created: true });
  });

  it('refuses to deploy into an unknown project before building, saying how to create it', async () => {
    const directory = join(home, 'never-built');
    const result = await cli(
      'deploy',
      join(fixtures, 'hello-flow.ts'),
      '--project',
      'Nope',
      '--storage',
      'local',
      '--directory',
      directory,
    );
    expectOneLineError(result, 1, /Project "Nope" not found.*headwater create project "Nope"/);
    expect(() => readdirSync(directory)).toThrow();
  });

  it('refuses a --directory it cannot create at once, naming it (under /proc it spun forever)', async () => {
    const result = await cli(
      'deploy',
      join(fixtures, 'hello-flow.ts'),
      '--project',
      'CLI Project',
      '--storage',
      'local',
      '--directory',
      '/proc/nope',
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^Error: Cannot create the directory \/proc\/nope: .*Choose a directory this user can write to/,
    );
  });

  it('runs a flow: prints the id, and the run shows up in get flow-runs and describe', async () => {
    const run = await cli(
      'run',
      'flow',
      '--name',
      'cli-hello',
      '--project',
      'CLI Project',
      '--param',
      'name="Ada"',
    );
    expect(run.code).toBe(0);
    const id = /([0-9a-f-]{36})\s*$/.exec(run.stdout)?.[1];
    expect(id).toBeDefined();

    // No agent has connected to this server: the due run says so, and what to start.
    const noAgent = 'No agent is connected: start one with `headwater agent start process`';
    const runs = await cli('get', 'flow-runs', '--flow', 'cli-hello');
    const [header, row, blank, reason, ...rest] = runs.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+FLOW NAME\s+STATE\s+AGE\s+START TIME\s+DURATION\s+ID$/);
    expect(row).toMatch(new RegExp(`cli-hello\\s+Scheduled \\(no agent\\)\\s+.+${id}$`));
    expect([blank, reason, rest]).toEqual(['', noAgent, []]);
    const listed = JSON.parse((await cli('get', 'flow-runs', '--flow', 'cli-hello', '--json')).stdout);
    expect(listed).toEqual([expect.objectContaining({ id, state: 'Scheduled', waitingFor: noAgent })]);

    const describedRun = await cli('describe', 'flow-run', '--id', id!);
    expect(describedRun.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^Scheduled, due \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \((now|.+ ago)\)\.$/),
      `Warning: ${noAgent}`,
    ]);
    const described = JSON.parse(describedRun.stdout);
    expect(described).toMatchObject({
      id,
      state: 'Scheduled',
      parameters: { name: 'Ada' },
      waitingFor: noAgent,
    });
    expect(described.states.map((s: { state: string }) => s.state)).toEqual(['Scheduled']);
    expect(described.taskRuns).toHaveLength(2);

    const logs = await cli('get', 'logs', '--id', id!);
    expect(logs.code).toBe(0);
    expect(logs.stderr).toContain('Nothing to show.');
  });

  it('watches runs that a process agent executes: exit 0 on Success, 1 on failure', async () => {
    const runnerToken = await cli('auth', 'create-token', '--name', 'process-agent', '--scope', 'RUNNER');
    expect(runnerToken.code).toBe(0);
    const failing = await cli(
      'deploy',
      join(fixtures, 'failing-flow.ts'),
      '--project',
      'CLI Project',
      '--storage',
      'local',
      '--directory',
      join(home, 'flows'),
    );
    expect(failing.code).toBe(0);
    let agent: AgentProcess | undefined;
    try {
      agent = startAgentProcess(['process', '--token', runnerToken.stdout.trim()], env);
      const watched = await cli(
        'run',
        'flow',
        '--name',
        'cli-hello',
        '--project',
        'CLI Project',
        '--param',
        'name=Grace',
        '--watch',
        '--logs',
      );
      expect(watched.code, `${watched.stdout}\n${watched.stderr}\nagent:\n${agent.output()}`).toBe(0);
      const states = watched.stdout
        .split('\n')
        .map((line) => /^\S+ \S+ UTC\S*\s+(Scheduled|Submitted|Running|Success|Failed)\b/.exec(line)?.[1])
        .filter(Boolean);
      expect(states).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);
      expect(watched.stdout).toMatch(/finished: Success/);

      const failed = await cli('run', 'flow', '--name', 'cli-failing', '--project', 'CLI Project', '--watch');
      expect(failed.code, `${failed.stdout}\n${failed.stderr}\nagent:\n${agent.output()}`).toBe(1);
      expect(failed.stdout).toMatch(/finished: Failed/);

      // The agent is connected, but without the labels of this run: the run says what to start.
      const [hello] = JSON.parse((await cli('get', 'flows', '--name', 'cli-hello', '--json')).stdout);
      const created = await fetch(`${server.api}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
        body: JSON.stringify({
          query: 'mutation($input: createFlowRunInput!) { createFlowRun(input: $input) { id } }',
          variables: { input: { flowId: hello.id, labels: ['gpu'] } },
        }),
      });
      const labelled = ((await created.json()) as { data: { createFlowRun: { id: string } } }).data
        .createFlowRun.id;
      const lines = (await cli('get', 'flow-runs', '--flow', 'cli-hello')).stdout.trimEnd().split('\n');
      expect(lines.filter((line) => line.includes('(no agent)'))).toEqual([
        expect.stringMatching(new RegExp(`\\sScheduled \\(no agent\\)\\s.+${labelled}$`)),
      ]);
      expect(lines.slice(-2)).toEqual([
        '',
        'No connected agent runs Local storage with labels [gpu]: start one with `headwater agent start process --label gpu`',
      ]);
    } finally {
      expect(await agent?.stop()).toBe(0);
    }
  });

  it('reports bad input in one line with a non-zero exit', async () => {
    expectOneLineError(
      await cli('run', 'flow', '--name', 'cli-hello', '--project', 'CLI Project', '--param', 'novalue'),
      2,
      /Malformed --param "novalue"/,
    );
    expectOneLineError(await cli('serialize', join(fixtures, 'missing.ts')), 2, /File not found/);
    expectOneLineError(
      await cli('deploy', join(fixtures, 'missing.ts'), '--project', 'CLI Project'),
      2,
      /File not found/,
    );
    expectOneLineError(await cli('serialize', join(fixtures, 'no-flow.ts')), 1, /exports no Flow/);
    // What a module throws while loading comes with its stack, in the user's files only.
    const thrown = await cli('serialize', join(fixtures, 'throws-on-import.ts'));
    expect(thrown.code).toBe(1);
    const [first, ...frames] = thrown.stderr.trimEnd().split('\n');
    expect(first).toMatch(
      /^Error: Could not load .*throws-on-import\.ts: it threw while loading: .*the flow module is broken/,
    );
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame).toMatch(/^\s+at .*throws-on-import\.ts:\d+:\d+/);
    expectOneLineError(
      await cli('run', 'flow', '--name', 'no-such-flow'),
      1,
      /Flow "no-such-flow" not found/,
    );
    const badToken = await runCli(['get', 'projects'], {
      env: { ...env, HEADWATER__CLOUD__AUTH_TOKEN: 'hw_bad' },
    });
    expectOneLineError(badToken, 1, /refused the credentials/);

    const verbose = await cli('serialize', join(fixtures, 'throws-on-import.ts'), '--verbose');
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('manages API tokens, including one made straight in the database by server create-token', async () => {
    const created = await cli('auth', 'create-token', '--name', 'cli-runner', '--scope', 'RUNNER', '--json');
    expect(created.code).toBe(0);
    const token = JSON.parse(created.stdout);
    expect(token).toMatchObject({
      name: 'cli-runner',
      scope: 'RUNNER',
      token: expect.stringMatching(/^hw_/),
    });
    const list = await cli('auth', 'list-tokens');
    expect(list.stdout.split('\n')[0]).toMatch(
      /^ID\s+NAME\s+SCOPE\s+PREFIX\s+CREATED\s+LAST USED\s+EXPIRES\s+REVOKED$/,
    );
    expect(list.stdout).toContain('cli-runner');
    expect((await cli('auth', 'revoke-token', '--id', token.id)).code).toBe(0);
    const revoked = await runCli(['auth', 'status'], {
      env: { ...env, HEADWATER__CLOUD__AUTH_TOKEN: token.token },
    });
    expect(revoked.code).toBe(1);

    const direct = await cli(
      'server',
      'create-token',
      '--name',
      'direct',
      '--scope',
      'RUNNER',
      ...(databaseUrl ? ['--database-url', databaseUrl] : []),
    );
    expect(direct.code).toBe(0);
    const status = await runCli(['auth', 'status', '--json'], {
      env: { ...env, HEADWATER__CLOUD__AUTH_TOKEN: direct.stdout.trim() },
    });
    expect(JSON.parse(status.stdout)).toMatchObject({
      scope: 'RUNNER',
      tokenName: 'direct',
      tokenSource: 'env',
    });
  });

  it('prints the merged config with secrets masked', async () => {
    const result = await runCli(['config', '--json'], {
      env: { ...env, HEADWATER__CLOUD__AUTH_TOKEN: 'hw_very_secret', HEADWATER__LOGGING__LEVEL: 'DEBUG' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('hw_very_secret');
    expect(JSON.parse(result.stdout)).toMatchObject({
      cloud: { api: server.api, auth_token: '********' },
      logging: { level: 'DEBUG' },
    });
  });

  it('logs out, after which requests carry no token', async () => {
    expect((await cli('auth', 'logout')).stdout).toMatch(/^Logged out of /);
    expectOneLineError(await cli('get', 'projects'), 1, /refused the credentials/);
    expect((await cli('auth', 'login', '--token', server.adminToken)).code).toBe(0);
  });

  it('stops the server cleanly on SIGTERM', async () => {
    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('Server stopped.');
  });
});

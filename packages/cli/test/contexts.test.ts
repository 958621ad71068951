import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltCli, runCli } from './helpers/headwater-cli.js';
import { type ServerProcess, startServerProcess } from './helpers/server-process.js';

/** `http://127.0.0.1:4300` → `127.0.0.1:4300`, the name `auth login` gives a context. */
const nameOf = (api: string) => new URL(api).host;

describe('contexts: auth login, status, switch and logout across shells', () => {
  const homes: string[] = [];
  let first: ServerProcess;
  let second: ServerProcess;
  let home: string;
  /** A new shell each time: a fresh process with only HOME (and PATH) in its environment. */
  const shell = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { env: { HOME: home, ...env } });
  const status = async (env: Record<string, string> = {}) => {
    const result = await shell(['auth', 'status', '--json'], env);
    return { code: result.code, json: JSON.parse(result.stdout), stderr: result.stderr };
  };
  const scratchHome = () => {
    const dir = mkdtempSync(join(tmpdir(), 'headwater-contexts-'));
    homes.push(dir);
    return dir;
  };

  beforeAll(async () => {
    ensureBuiltCli();
    [first, second] = await Promise.all([
      startServerProcess([], { HOME: scratchHome() }),
      startServerProcess([], { HOME: scratchHome() }),
    ]);
    home = scratchHome();
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    for (const dir of homes) rmSync(dir, { recursive: true, force: true });
  });

  it('logs in to a server on another port, which the next shell reaches without --api', async () => {
    const login = await shell(['--api', first.api, 'auth', 'login', '--token', first.adminToken]);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`Context "${nameOf(first.api)}" is now current`);
    expect(statSync(join(home, '.headwater', 'contexts.json')).mode & 0o777).toBe(0o600);

    const projects = await shell(['create', 'project', 'Reached through the context']);
    expect(projects.code, projects.stderr).toBe(0);
    const { code, json } = await status();
    expect(code).toBe(0);
    expect(json).toMatchObject({
      context: nameOf(first.api),
      api: first.api,
      apiSource: 'context',
      tokenSource: 'context',
      token: `${first.adminToken.slice(0, 7)}…`,
      answers: true,
      authenticated: true,
      scope: 'USER',
      tokenName: 'admin',
    });
  });

  it('logs in to a second server under a name, and switches between them by name or URL', async () => {
    const login = await shell([
      'auth',
      'login',
      '--api',
      second.api,
      '--token',
      second.adminToken,
      '--name',
      'second',
    ]);
    expect(login.code, login.stderr).toBe(0);
    expect((await status()).json).toMatchObject({ context: 'second', api: second.api });

    const byUrl = await shell(['auth', 'switch', first.api]);
    expect(byUrl.stdout).toBe(`Switched to context "${nameOf(first.api)}" (${first.api}).\n`);
    expect((await status()).json).toMatchObject({ context: nameOf(first.api), api: first.api });
    expect((await shell(['auth', 'switch', 'second'])).code).toBe(0);
    expect((await status()).json).toMatchObject({ context: 'second', api: second.api });

    const unknown = await shell(['auth', 'switch', 'nowhere']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      `Error: No context named or with the API URL "nowhere". Known contexts: ${[nameOf(first.api), 'second'].sort().join(', ')}. Log in to a new API with \`headwater auth login --api <url> --token <token>\`.\n`,
    );
  });

  it('lets the environment and --api win over the current context, with the token saved for that API', async () => {
    const warned = await shell(['auth', 'switch', 'second'], { HEADWATER__CLOUD__API: first.api });
    expect(warned.stderr).toBe(
      `Warning: HEADWATER__CLOUD__API is set and wins over the current context: commands without --api still talk to ${first.api}. Remove it to use "second".\n`,
    );
    const fromEnv = await status({ HEADWATER__CLOUD__API: first.api });
    expect(fromEnv.json).toMatchObject({
      api: first.api,
      apiSource: 'env',
      tokenSource: 'context',
      authenticated: true,
    });
    const fromFlag = await shell(['auth', 'status', '--json', '--api', second.api], {
      HEADWATER__CLOUD__API: first.api,
    });
    expect(JSON.parse(fromFlag.stdout)).toMatchObject({
      api: second.api,
      apiSource: 'explicit',
      context: 'second',
    });
    const tokenFromEnv = await status({ HEADWATER__CLOUD__AUTH_TOKEN: 'hw_not_a_real_token_at_all' });
    expect(tokenFromEnv.code).toBe(1);
    expect(tokenFromEnv.json).toMatchObject({
      api: second.api,
      tokenSource: 'env',
      answers: true,
      authenticated: false,
    });
  });

  it('shows every context with --all, never a whole token', async () => {
    const human = await shell(['auth', 'status', '--all']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).not.toContain(first.adminToken);
    expect(human.stdout).not.toContain(second.adminToken);
    expect(human.stdout).toMatch(
      /^Context: second\nAPI: +http:\/\/127\.0\.0\.1:\d+ \(from the saved context\)\n/,
    );
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines.at(-3)).toMatch(/^CURRENT\s+NAME\s+API\s+TOKEN\s+STATUS$/);
    expect(lines.slice(-2).find((line) => line.startsWith('*'))).toContain('second');

    await second.stop();
    const down = await shell(['auth', 'status']);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/^Answers: no$/m);
    expect(down.stderr).toMatch(/^Error: Could not reach the Headwater API at http:\/\/127\.0\.0\.1:\d+ /);
    const json = await status();
    expect(json.code).toBe(1);
    expect(json.json).toMatchObject({ context: 'second', answers: false, authenticated: false });
    const all = JSON.parse((await shell(['auth', 'status', '--all', '--json'])).stdout);
    expect(all.contexts).toEqual([
      expect.objectContaining({
        name: nameOf(first.api),
        current: false,
        authenticated: true,
        scope: 'USER',
      }),
      expect.objectContaining({
        name: 'second',
        current: true,
        answers: false,
        problem: expect.stringMatching(/Could not reach/),
      }),
    ]);
  });

  it('logs out of one context; then no context is current and the others stay', async () => {
    const logout = await shell(['auth', 'logout', 'second']);
    expect(logout.stdout).toBe(`Logged out of ${second.api} (context "second").\n`);
    expect(logout.stderr).toContain(`headwater auth switch <context>\` (${nameOf(first.api)})`);
    const after = await status();
    expect(after.code).toBe(1);
    expect(after.json).toMatchObject({
      context: null,
      api: 'http://127.0.0.1:4200',
      apiSource: 'default',
      token: null,
    });
    expect((await status({ HEADWATER__CLOUD__API: first.api })).json).toMatchObject({ authenticated: true });
    expect((await shell(['auth', 'logout', 'second'])).code).toBe(1);
  });

  it('keeps a token saved per API URL by an earlier version working, and moves it into contexts.json', async () => {
    home = scratchHome();
    const tokens = join(home, '.headwater', 'tokens');
    mkdirSync(tokens, { recursive: true, mode: 0o700 });
    const legacyFile = join(tokens, `${first.api.replace(/[^-.a-z0-9]+/g, '-')}.json`);
    writeFileSync(
      legacyFile,
      JSON.stringify({ api: first.api, token: first.adminToken, savedAt: '2026-01-01T00:00:00.000Z' }),
      { mode: 0o600 },
    );

    const viaEnv = await shell(['get', 'projects', '--json'], { HEADWATER__CLOUD__API: first.api });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(JSON.parse(viaEnv.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Reached through the context' })]),
    );

    expect((await shell(['auth', 'switch', nameOf(first.api)])).code).toBe(0);
    expect(readdirSync(tokens)).toEqual([]);
    expect((await status()).json).toMatchObject({
      context: nameOf(first.api),
      api: first.api,
      authenticated: true,
    });
  });
});

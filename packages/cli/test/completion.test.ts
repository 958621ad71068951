import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../src/main.js';
import { ensureBuiltCli, runCli } from './helpers/headwater-cli.js';

/** Whether `shell` is installed here (bash always is; `scripts/test-env up` installs zsh and fish). */
function installed(shell: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${shell}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Every visible command of the program as its path of names, e.g. `auth login`. */
function commandPaths(command: Command, path: string[] = []): string[][] {
  return command.commands
    .filter((sub) => !(sub as unknown as { _hidden: boolean })._hidden)
    .flatMap((sub) => [[...path, sub.name()], ...commandPaths(sub, [...path, sub.name()])]);
}

describe('headwater completion', () => {
  const scripts: Record<string, string> = {};
  let dir: string;
  const paths = commandPaths(createProgram());

  beforeAll(async () => {
    ensureBuiltCli();
    dir = mkdtempSync(join(tmpdir(), 'headwater-completion-'));
    for (const shell of ['bash', 'zsh', 'fish']) {
      const result = await runCli(['completion', shell]);
      expect(result.code, result.stderr).toBe(0);
      scripts[shell] = result.stdout;
      writeFileSync(join(dir, shell), result.stdout);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `code` in `shell` after sourcing the script, and returns what it printed. */
  const inShell = (shell: string, code: string) =>
    execFileSync(
      shell,
      [
        '-c',
        `${shell === 'zsh' ? 'autoload -U compinit && compinit -u; ' : ''}source ${join(dir, shell)}; ${code}`,
      ],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: dir },
      },
    );

  it('lists every command and subcommand, for each shell', () => {
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths) {
      const parent = path.slice(0, -1).join(' ');
      const name = path.at(-1)!;
      expect(scripts.bash, path.join(' ')).toMatch(
        new RegExp(`^ {4}'${parent}'\\) printf '%s\\\\n' .*'${name}'`, 'm'),
      );
      expect(scripts.fish, path.join(' ')).toContain(`__headwater_at \\'${parent}\\'' -f -a '${name}'`);
      expect(scripts.zsh, path.join(' ')).toContain(`'${name}:`);
    }
  });

  it('passes bash -n, and completes commands, options and option choices in bash', () => {
    execFileSync('bash', ['-n', join(dir, 'bash')]);
    const complete = (...words: string[]) =>
      inShell(
        'bash',
        `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _headwater; echo "\${COMPREPLY[*]}"`,
      ).trim();
    expect(complete('headwater', 'au')).toBe('auth');
    expect(complete('headwater', '--api', 'http://127.0.0.1:4300', 'auth', 'sw')).toBe('switch');
    expect(complete('headwater', 'auth', 'create-token', '--scope', '')).toBe('USER RUNNER');
    expect(complete('headwater', 'auth', 'login', '--na')).toBe('--name');
    expect(complete('headwater', 'completion', '')).toBe('bash zsh fish');
  });

  it.runIf(installed('zsh'))('passes zsh -n, and offers commands, options and choices in zsh', () => {
    execFileSync('zsh', ['-n', join(dir, 'zsh')]);
    expect(inShell('zsh', 'whence -w _headwater')).toBe('_headwater: function\n');
    // zsh filters the candidates by what is typed; these stand-ins print what the script offers.
    const stubs =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh's parameter expansion
      '_describe() { print -l -- "${(@P)4}" }; compadd() { print -l -- "${(@P)2}" }; _files() { print FILES }';
    const offered = (...words: string[]) =>
      inShell(
        'zsh',
        `${stubs}; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _headwater`,
      )
        .trim()
        .split('\n')
        .map((line) => line.split(':')[0]);
    expect(offered('headwater', 'auth', 'sw')).toEqual([
      'login',
      'status',
      'switch',
      'logout',
      'create-token',
      'list-tokens',
      'revoke-token',
      'help',
    ]);
    expect(offered('headwater', '--api', 'http://x', 'auth', 'create-token', '--scope', '')).toEqual([
      'USER',
      'RUNNER',
    ]);
    expect(offered('headwater', 'auth', 'login', '--')).toContain('--name');
    expect(offered('headwater', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(offered('headwater', 'deploy', '')).toEqual(['FILES']);
  });

  it.runIf(installed('fish'))('passes fish -n, and completes in fish', () => {
    execFileSync('fish', ['-n', join(dir, 'fish')]);
    const complete = (line: string) =>
      inShell('fish', `complete -C '${line}'`)
        .trim()
        .split('\n')
        .map((entry) => entry.split('\t')[0]);
    expect(complete('headwater au')).toEqual(['auth']);
    expect(complete('headwater auth create-token --scope ')).toEqual(['RUNNER', 'USER']);
    expect(complete('headwater --api http://x auth login --na')).toEqual(['--name']);
  });

  it('says how to install the script', async () => {
    const help = await runCli(['completion', '--help']);
    expect(help.stdout).toContain(
      'headwater completion bash > ~/.local/share/bash-completion/completions/headwater',
    );
    expect(help.stdout).toContain('headwater completion fish > ~/.config/fish/completions/headwater.fish');
    const wrong = await runCli(['completion', 'powershell']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
  });
});

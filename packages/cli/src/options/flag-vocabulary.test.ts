import { Command, type Option } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { createProgram } from '../main.js';
import { addDeprecatedAlias, isDeprecatedAlias } from './deprecated-alias.js';
import { FLAG_VOCABULARY, LISTS_OR_CREATES, limitOption } from './flag-vocabulary.js';

interface Walked {
  path: string;
  command: Command;
  options: readonly Option[];
}

/** Every command of the program, as `main` builds it, subcommands included. */
function* walk(command: Command, path: string[] = []): Generator<Walked> {
  yield { path: path.join(' ') || 'headwater', command, options: command.options };
  for (const sub of command.commands) yield* walk(sub, [...path, sub.name()]);
}

const commands = [...walk(createProgram())];
const leaves = commands.filter(({ command }) => command.commands.length === 0);
const current = (options: readonly Option[]) => options.filter((option) => !isDeprecatedAlias(option));

describe('the flag vocabulary, over every command', () => {
  it('finds the commands (the walk reaches subcommands)', () => {
    const paths = leaves.map(({ path }) => path);
    expect(paths).toEqual(expect.arrayContaining(['get flow-runs', 'get tasks', 'run flow', 'deploy']));
  });

  it('spells each concept one way, with one short form', () => {
    const problems: string[] = [];
    for (const { path, options } of commands) {
      for (const option of current(options)) {
        for (const [concept, flag] of Object.entries(FLAG_VOCABULARY)) {
          const short = 'short' in flag ? flag.short : undefined;
          if (option.long && flag.misspellings.test(option.long))
            problems.push(`${path}: ${option.flags} means ${concept}; write ${flag.long}`);
          if (option.long === flag.long && option.short !== short)
            problems.push(`${path}: ${option.flags}; the short form of ${flag.long} is ${short ?? 'none'}`);
          if (short && option.short === short && option.long !== flag.long)
            problems.push(`${path}: ${option.flags}; ${short} is ${flag.long} everywhere`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives a short flag one meaning across all commands', () => {
    const meanings = new Map<string, Set<string>>();
    for (const { path, options } of commands) {
      for (const option of current(options)) {
        if (!option.short || !option.long) continue;
        const seen = meanings.get(option.short) ?? new Set<string>();
        seen.add(`${option.long} (${path})`);
        meanings.set(option.short, seen);
      }
    }
    const clashes = [...meanings.entries()]
      .map(
        ([short, uses]) =>
          [short, [...new Set([...uses].map((use) => use.split(' ')[0]))], [...uses]] as const,
      )
      .filter(([, longs]) => longs.length > 1)
      .map(([short, , uses]) => `${short}: ${uses.join(', ')}`);
    expect(clashes).toEqual([]);
  });

  it('offers --json on every command that lists or creates something', () => {
    const listing = leaves.filter(({ path }) => LISTS_OR_CREATES.test(path));
    expect(listing.length).toBeGreaterThan(10);
    const missing = listing
      .filter(({ options }) => !options.some((option) => option.long === '--json'))
      .map(({ path }) => path);
    expect(missing).toEqual([]);
  });

  it('offers -q/--quiet on every command', () => {
    const missing = leaves
      .filter(({ options }) => !options.some((option) => option.flags.startsWith('-q, --quiet')))
      .map(({ path }) => path);
    expect(missing).toEqual([]);
  });
});

describe('deprecated spellings', () => {
  /** Parses `args` with the action of `path` replaced; resolves to the options it got and what went to stderr. */
  async function parse(path: string, args: string[]) {
    const program = createProgram();
    const command = [...walk(program)].find((walked) => walked.path === path)!.command;
    let received: Record<string, unknown> = {};
    command.action((...actionArgs: unknown[]) => {
      received = (actionArgs.at(-1) as Command).opts();
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['node', 'headwater', ...path.split(' '), ...args]);
      return { options: received, stderr: stderr.mock.calls.map((call) => String(call[0])).join('') };
    } finally {
      stderr.mockRestore();
    }
  }

  it('keep working, hidden from --help, with a one-line notice on stderr', async () => {
    const tasks = await parse('get tasks', ['--flow-name', 'etl']);
    expect(tasks.options.flow).toBe('etl');
    expect(tasks.stderr).toBe(
      'Deprecated: --flow-name is now --flow; the old spelling goes away in a later release.\n',
    );
    const program = createProgram();
    const help = [...walk(program)].find((walked) => walked.path === 'get tasks')!.command.helpInformation();
    expect(help).toContain('-f, --flow <name>');
    expect(help).not.toContain('--flow-name');
  });

  it('set the option they stand for, parsed as it is', async () => {
    const started = await parse('get flow-runs', ['-s']);
    expect(started.options.started).toBe(true);
    expect(started.stderr).toMatch(/^Deprecated: -s is now --started;/);
    const labels = await parse('agent start', ['process', '-l', 'gpu', '--label', 'prod']);
    expect(labels.options.label).toEqual(['gpu', 'prod']);
    const logs = await parse('run flow', ['--name', 'etl', '-l']);
    expect(logs.options.logs).toBe(true);
    const current = await parse('get flow-runs', ['--flow', 'etl', '-l', '3']);
    expect(current.options).toMatchObject({ flow: 'etl', limit: 3 });
    expect(current.stderr).toBe('');
  });

  it('refuse a value the option they stand for refuses, as that option does', async () => {
    const command = new Command('list').exitOverride().configureOutput({ writeErr: () => {} });
    command.addOption(limitOption()).action(() => {});
    addDeprecatedAlias(command, '--max <count>', '--limit');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const error = await command.parseAsync(['node', 'list', '--max', 'none']).catch((e: unknown) => e);
      expect(error).toMatchObject({ exitCode: 2, code: 'commander.invalidArgument' });
      expect((error as Error).message).toMatch(/option '--max <count>' argument 'none' is invalid/);
    } finally {
      stderr.mockRestore();
    }
  });
});

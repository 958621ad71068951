import { type Command, Option } from 'commander';

const aliases = new WeakSet<Option>();

/**
 * Keeps an old spelling of an option working, hidden from `--help`: the value it gets goes to
 * the option `canonical` names (e.g. `--flow-name etl` sets `--flow`), and a one-line notice on
 * stderr says what to write instead. Returns the command, for chaining.
 *
 * @example
 * ```ts
 * addDeprecatedAlias(command, '--flow-name <name>', '--flow');
 * addDeprecatedAlias(command, '-l', '--logs');
 * ```
 */
export function addDeprecatedAlias(command: Command, flags: string, canonical: string): Command {
  const target = command.options.find((option) => option.long === canonical);
  if (!target) throw new Error(`${command.name()} has no option ${canonical} for the alias ${flags}.`);
  const alias = new Option(flags).hideHelp();
  aliases.add(alias);
  command.addOption(alias);
  const spelling = alias.long ?? alias.short;
  command.on(`option:${alias.name()}`, (raw: string | undefined) => {
    process.stderr.write(
      `Deprecated: ${spelling} is now ${canonical}; the old spelling goes away in a later release.\n`,
    );
    command.setOptionValueWithSource(target.attributeName(), valueFor(command, target, raw, flags), 'cli');
  });
  return command;
}

/** True for an option {@link addDeprecatedAlias} added: an old spelling, kept for scripts. */
export function isDeprecatedAlias(option: Option): boolean {
  return aliases.has(option);
}

function valueFor(command: Command, target: Option, raw: string | undefined, flags: string): unknown {
  if (raw === undefined || raw === null) return !target.negate;
  if (!target.parseArg) return raw;
  try {
    return target.parseArg(raw, command.getOptionValue(target.attributeName()));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return command.error(`error: option '${flags}' argument '${raw}' is invalid. ${reason}`, {
      exitCode: 2,
      code: 'commander.invalidArgument',
    });
  }
}

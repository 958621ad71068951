import type { Command } from 'commander';

/** An option as shell completion needs it. */
export interface CompletionOption {
  /** `-q`, when there is one. */
  short: string | undefined;
  /** `--quiet`, when there is one. */
  long: string | undefined;
  description: string;
  /** The option is followed by a value (`--api <url>`). */
  takesValue: boolean;
  /** The values `.choices()` allows, if any. */
  choices: readonly string[];
}

/** A command as shell completion needs it: its path from the program, options and subcommands. */
export interface CompletionCommand {
  /** Names from the program down, e.g. `['auth', 'login']`; empty for the program itself. */
  path: readonly string[];
  description: string;
  options: readonly CompletionOption[];
  commands: readonly CompletionCommand[];
  /** The values `.choices()` allows for its arguments (e.g. `completion <shell>`). */
  argumentChoices: readonly string[];
}

/**
 * The command tree `--help` shows (hidden commands and options left out, the implicit `help`
 * command and `--help` included), read from the program so completion never drifts from it.
 */
export function completionTree(command: Command, path: readonly string[] = []): CompletionCommand {
  const help = command.createHelp();
  return {
    path,
    description: firstLine(command.description()),
    options: help.visibleOptions(command).map((option) => ({
      short: option.short,
      long: option.long,
      description: firstLine(option.description),
      takesValue: option.required || option.optional,
      choices: option.argChoices ?? [],
    })),
    commands: help.visibleCommands(command).map((sub) => completionTree(sub, [...path, sub.name()])),
    argumentChoices: command.registeredArguments.flatMap((argument) => argument.argChoices ?? []),
  };
}

/** Every command of the tree, the program first, parents before their subcommands. */
export function* walkCommands(command: CompletionCommand): Generator<CompletionCommand> {
  yield command;
  for (const sub of command.commands) yield* walkCommands(sub);
}

/** The option's spellings: `-q`, `--quiet`. */
export function optionFlags(option: CompletionOption): string[] {
  return [option.short, option.long].filter((flag): flag is string => flag !== undefined);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

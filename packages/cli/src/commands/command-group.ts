import type { Command } from 'commander';

/**
 * A top-level command with subcommands (`get`, `run`, …). `headwater --help` lists it by its
 * name and description only, so the command line defines the subcommands of the groups it
 * names and no others: building every command with commander is most of a short command's start.
 */
export interface CommandGroup {
  name: string;
  /** What `headwater --help` says of it. */
  description: string;
  /** Adds the subcommands, and the group's own help text, to the group's command. */
  define(group: Command): void;
}

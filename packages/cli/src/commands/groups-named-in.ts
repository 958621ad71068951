import type { CommandGroup } from './command-group.js';

/** The command that reads the whole command tree: completion scripts are made from it. */
const READS_EVERY_COMMAND = 'completion';

/**
 * Which groups a command line needs defined: those it names, since commander finds a command
 * by its exact word (a word that only happens to be a group's name, such as an option's value,
 * costs a few milliseconds and nothing else), or every group for `completion`.
 */
export function groupsNamedIn(argv: readonly string[]): (group: CommandGroup) => boolean {
  const words = new Set(argv);
  if (words.has(READS_EVERY_COMMAND)) return () => true;
  return (group) => words.has(group.name);
}

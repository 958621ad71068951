import { Option } from 'commander';
import { parsePositiveInteger } from '../parse-options.js';

/** One concept every command spells the same way: its long flag, its short one, and the spellings that mean it. */
export interface FlagConcept {
  /** The one long flag, e.g. `--flow`. */
  long: string;
  /** The one short flag, if the concept has one, e.g. `-f`. */
  short?: string;
  /** Long flags that would name the same concept, and must not be used for it. */
  misspellings: RegExp;
}

/**
 * The flag vocabulary of the `headwater` CLI: the same concept has the same flag, with the
 * same short form, on every command. `flag-vocabulary.test.ts` walks the whole program and
 * fails on a command that spells one of these differently.
 */
export const FLAG_VOCABULARY = {
  flow: { long: '--flow', short: '-f', misspellings: /^--(flows|flow-name|flow-names|flowname)$/ },
  project: {
    long: '--project',
    short: '-p',
    misspellings: /^--(projects|project-name|project-names|projectname)$/,
  },
  state: { long: '--state', misspellings: /^--(states|status|state-type|state-name)$/ },
  limit: { long: '--limit', short: '-l', misspellings: /^--(first|max|max-results|count|top|page-size)$/ },
  json: { long: '--json', misspellings: /^--(output-json|as-json|format-json)$/ },
  quiet: { long: '--quiet', short: '-q', misspellings: /^--(silent|ids|ids-only|only-ids)$/ },
} as const satisfies Record<string, FlagConcept>;

/**
 * The commands whose result is something listed or created, by their path: each offers `--json`
 * (one JSON document) and `-q` (only ids).
 */
export const LISTS_OR_CREATES =
  /^(get|describe|inspect|create) |^(deploy|serialize|run flow)$|(^| )(list|create)-/;

/** `-f, --flow <name>`: a flow, by name. */
export function flowOption(description = 'only flows with this name'): Option {
  return new Option('-f, --flow <name>', description);
}

/** `-p, --project <project>`: a project, by name. */
export function projectOption(description = 'only this project'): Option {
  return new Option('-p, --project <project>', description);
}

/** `--state <state>`: a state type (`Scheduled`, `Running`, `Failed`, …), repeatable. */
export function stateOption(description = 'only runs in this state (repeatable)'): Option {
  return new Option('--state <state>', description).argParser((value: string, previous?: string[]) => [
    ...(previous ?? []),
    value,
  ]);
}

/** `-l, --limit <count>`: at most this many results. */
export function limitOption(defaultValue = 10): Option {
  return new Option('-l, --limit <count>', 'at most this many')
    .argParser(parsePositiveInteger)
    .default(defaultValue);
}

/** `--json`: one JSON document on stdout, ending with a newline. */
export function jsonOption(): Option {
  return new Option('--json', 'print the result as one JSON document');
}

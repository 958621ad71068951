import { type CompletionCommand, optionFlags, walkCommands } from './command-tree.js';
import { posixQuote } from './shell-quote.js';

/**
 * The lookup functions the bash and zsh scripts share, one `case` per command path
 * (`''` for the program, `'auth login'`, …). `prefix` is the function prefix, e.g.
 * `_headwater`:
 *
 * - `<prefix>_commands PATH`: the subcommands, one per line;
 * - `<prefix>_argument_choices PATH`: the values its arguments allow;
 * - `<prefix>_options PATH`: every option spelling;
 * - `<prefix>_value_options PATH`: the spellings of options followed by a value;
 * - `<prefix>_choices PATH FLAG`: the values `.choices()` allows for that option;
 * - `<prefix>_has WORD LIST…`: whether WORD is one of LIST;
 * - `<prefix>_path WORD…`: the command path the words before the cursor name, skipping
 *   options and the values of options that take one;
 * - with `described`, also `<prefix>_described_commands PATH` and
 *   `<prefix>_described_options PATH`: `name:description` lines for zsh's `_describe`.
 */
export function posixLookups(tree: CompletionCommand, prefix: string, { described = false } = {}): string {
  const commands = [...walkCommands(tree)];
  const functions = [
    lookup(`${prefix}_commands`, '$1', commands, (command) => command.commands.map(lastName)),
    lookup(`${prefix}_argument_choices`, '$1', commands, (command) => [...command.argumentChoices]),
    lookup(`${prefix}_options`, '$1', commands, (command) => command.options.flatMap(optionFlags)),
    lookup(`${prefix}_value_options`, '$1', commands, (command) =>
      command.options.filter((option) => option.takesValue).flatMap(optionFlags),
    ),
    choicesLookup(`${prefix}_choices`, commands),
    `${prefix}_has() {\n  local word=$1 item\n  shift\n  for item in "$@"; do\n    [[ $item == "$word" ]] && return 0\n  done\n  return 1\n}`,
    pathFunction(prefix),
  ];
  if (described) {
    functions.push(
      lookup(`${prefix}_described_commands`, '$1', commands, (command) =>
        command.commands.map((sub) => `${lastName(sub)}:${sub.description}`),
      ),
      lookup(`${prefix}_described_options`, '$1', commands, (command) =>
        command.options.flatMap((option) =>
          optionFlags(option).map((flag) => `${flag}:${option.description}`),
        ),
      ),
    );
  }
  return functions.join('\n\n');
}

function pathFunction(f: string): string {
  return `${f}_path() {
  local cmdpath='' word skip=0
  for word in "$@"; do
    if ((skip)); then
      skip=0
      continue
    fi
    case $word in
      --*=*) ;;
      -*) ${f}_has "$word" $(${f}_value_options "$cmdpath") && skip=1 ;;
      *) ${f}_has "$word" $(${f}_commands "$cmdpath") && cmdpath=\${cmdpath:+$cmdpath }$word ;;
    esac
  done
  printf '%s' "$cmdpath"
}`;
}

/** A function printing, for the path in `subject`, the lines `linesOf` gives its command. */
function lookup(
  name: string,
  subject: string,
  commands: readonly CompletionCommand[],
  linesOf: (command: CompletionCommand) => string[],
): string {
  const branches = commands.flatMap((command) => {
    const lines = linesOf(command);
    return lines.length === 0 ? [] : [branch(command.path.join(' '), lines)];
  });
  return `${name}() {\n  case "${subject}" in\n${branches.join('\n')}\n  esac\n}`;
}

function choicesLookup(name: string, commands: readonly CompletionCommand[]): string {
  const branches = commands.flatMap((command) =>
    command.options
      .filter((option) => option.choices.length > 0)
      .flatMap((option) =>
        optionFlags(option).map((flag) => branch(`${command.path.join(' ')}|${flag}`, [...option.choices])),
      ),
  );
  return `${name}() {\n  case "$1|$2" in\n${branches.join('\n')}\n  esac\n}`;
}

function branch(pattern: string, lines: readonly string[]): string {
  return `    ${posixQuote(pattern)}) printf '%s\\n' ${lines.map(posixQuote).join(' ')} ;;`;
}

function lastName(command: CompletionCommand): string {
  return command.path.at(-1)!;
}

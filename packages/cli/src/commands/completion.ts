import { Argument, type Command } from 'commander';
import { bashCompletion } from '../completion/bash-completion.js';
import { type CompletionCommand, completionTree } from '../completion/command-tree.js';
import { fishCompletion } from '../completion/fish-completion.js';
import { zshCompletion } from '../completion/zsh-completion.js';

const SHELLS = {
  bash: bashCompletion,
  zsh: zshCompletion,
  fish: fishCompletion,
} satisfies Record<string, (name: string, tree: CompletionCommand) => string>;

const INSTALL = `
Examples:
  $ headwater completion bash > ~/.local/share/bash-completion/completions/headwater
  $ headwater completion zsh > "\${fpath[1]}/_headwater"
  $ headwater completion fish > ~/.config/fish/completions/headwater.fish

Then start a new shell. bash needs the bash-completion package for that directory; or add
to ~/.bashrc:
  source <(headwater completion bash)
zsh: or add to ~/.zshrc, after compinit:
  source <(headwater completion zsh)

Completes commands, subcommands, options and the values of options and arguments with a
fixed set of values (e.g. auth create-token --scope). Print the script again after
upgrading Headwater.`;

/**
 * `headwater completion bash|zsh|fish`: prints a static completion script made from the
 * command tree. Static scripts need no Node.js start per Tab press; the completion
 * libraries for Node.js (tabtab, omelette, @bomb.sh/tab) call back into the program on
 * every press instead, and the command tree is all there is to complete here.
 */
export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(Object.keys(SHELLS)))
    .addHelpText('after', INSTALL)
    .action((shell: keyof typeof SHELLS, _options: unknown, command: Command) => {
      const root = rootOf(command);
      process.stdout.write(SHELLS[shell](root.name(), completionTree(root)));
    });
}

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

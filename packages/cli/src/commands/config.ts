import type { Command } from 'commander';
import { Output } from '../output/output.js';

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description(
      'print the merged config (defaults ← ~/.headwater/config.toml ← HEADWATER__SECTION__KEY variables), secrets masked',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater config\n  $ HEADWATER__LOGGING__LEVEL=DEBUG headwater config --json',
    )
    .addHelpText(
      'after',
      "\ncloud.api here is the config's; without it, commands use the current context of `headwater auth login`.\n`headwater auth status` shows the API and token commands use, and where each comes from.",
    )
    .action(async (_options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const { formatConfig, loadConfig, maskSecrets } = await import('@headwater/core');
      const config = loadConfig();
      output.result(maskSecrets(config), () => formatConfig(config).trimEnd());
    });
}

import { formatConfig, loadConfig, maskSecrets } from '@headwater/core';
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
    .action((_options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const config = loadConfig();
      output.result(maskSecrets(config), () => formatConfig(config).trimEnd());
    });
}

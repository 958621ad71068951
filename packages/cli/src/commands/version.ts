import type { Command } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };

export function registerVersionCommand(program: Command): void {
  program
    .command('version')
    .description('print the Headwater version')
    .addHelpText('after', '\nExample:\n  $ headwater version')
    .action(() => {
      process.stdout.write(`${packageJson.version}\n`);
    });
}

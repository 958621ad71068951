import type { Command } from 'commander';
import { clientFromCommand } from '../client-from-command.js';
import { Output } from '../output/output.js';

export function defineCreateCommands(create: Command): void {
  create.addHelpText('after', '\nExample:\n  $ headwater create project "My Project"');

  create
    .command('project')
    .description('create a project, the folder flows are deployed into')
    .argument('<name>', 'the project name (unique in the tenant)')
    .option('-d, --description <text>', 'what the project is for')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  $ headwater create project "My Project" --description "Nightly ETL"')
    .action(async (name: string, options: { description?: string }, command: Command) => {
      const output = Output.fromCommand(command);
      const project = await (await clientFromCommand(command)).createProject({
        projectName: name,
        description: options.description,
      });
      output.result(project, `Project "${project.name}" created (${project.id}).`);
    });
}

import type { FlowSummary } from '@headwater/client';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { clientFromCommand } from '../client-from-command.js';
import { confirm } from '../confirm.js';
import { findFlow } from '../find-flow.js';
import { flowVersions } from '../flow-versions.js';
import { jsonOption, projectOption } from '../options/flag-vocabulary.js';
import { flowLabel } from '../output/flow-label.js';
import { Output } from '../output/output.js';

interface ArchiveFlowOptions {
  project?: string;
  yes?: boolean;
}

function refuseArchived(flow: FlowSummary): never {
  throw new CliError({
    code: 'FLOW_ARCHIVED',
    message: `The ${flowLabel(flow)} is archived already. Deploy it again to use it, or remove it with \`headwater delete flow ${flow.name}\`.`,
  });
}

/** `headwater archive flow <name>`: the flow takes no new runs; its history stays. */
export function defineArchiveCommands(archive: Command): void {
  archive.addHelpText('after', '\nExample:\n  $ headwater archive flow etl --project "My Project"');

  archive
    .command('flow')
    .description(
      'archive a flow: it takes no new runs and its Scheduled runs are cancelled; its runs and logs stay (asks first on a terminal)',
    )
    .argument('<flow>', 'the flow name')
    .addOption(projectOption('the project (needed when the name is used in several)'))
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater archive flow etl --project "My Project"\n  $ headwater archive flow etl --yes --json',
    )
    .action(async (name: string, options: ArchiveFlowOptions, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const flow = await findFlow(client, { name, projectName: options.project });
      if (flow.archived) refuseArchived(flow);
      await confirm(output, {
        question: `Archive the ${flowLabel(flow)}? It takes no new runs and its Scheduled runs are cancelled.`,
        yes: options.yes,
        declined: 'Nothing archived.',
      });
      const versions = (await flowVersions(client, flow)).filter((version) => !version.archived);
      for (const version of versions) await client.archiveFlow(version.id);
      output.result(
        {
          flowId: flow.id,
          name: flow.name,
          project: flow.project.name,
          version: flow.version,
          archived: true,
        },
        `Archived the ${flowLabel(flow)}: it takes no new runs. Its runs and logs stay.`,
        flow.id,
      );
    });
}

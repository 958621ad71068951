import type { Client, FlowSummary } from '@headwater/client';
import type { Command } from 'commander';
import { clientFromCommand } from '../client-from-command.js';
import { confirm } from '../confirm.js';
import { findFlow } from '../find-flow.js';
import { flowVersions } from '../flow-versions.js';
import { jsonOption, projectOption } from '../options/flag-vocabulary.js';
import { flowLabel } from '../output/flow-label.js';
import { Output } from '../output/output.js';
import { parsePositiveInteger } from '../parse-options.js';

interface DeleteFlowOptions {
  project?: string;
  version?: number;
  yes?: boolean;
}

/** What a deletion removes: the flow versions, and how many runs they have. */
interface Deletion {
  versions: FlowSummary[];
  runs: number;
}

async function plannedDeletion(client: Client, flow: FlowSummary, oneVersion: boolean): Promise<Deletion> {
  const versions = oneVersion ? [flow] : await flowVersions(client, flow);
  const runs = await client.listFlowRuns(
    oneVersion ? { flowId: flow.id, first: 1 } : { versionGroupId: flow.versionGroupId, first: 1 },
  );
  return { versions, runs: runs.totalCount };
}

function describeDeletion(flow: FlowSummary, deletion: Deletion, oneVersion: boolean): string {
  const versions = oneVersion
    ? `version ${flow.version}`
    : `${deletion.versions.length} version${deletion.versions.length === 1 ? '' : 's'}`;
  return `${versions}, ${deletion.runs} run${deletion.runs === 1 ? '' : 's'} with their states and logs`;
}

/** `headwater delete flow <name>`: every version of the flow (or one with `--version`), with its runs and logs. */
export function defineDeleteCommands(remove: Command): void {
  remove.addHelpText('after', '\nExample:\n  $ headwater delete flow etl --project "My Project"');

  remove
    .command('flow')
    .description(
      'delete a flow: every version (or one with --version), its runs, their states and logs; cannot be undone (asks first on a terminal)',
    )
    .argument('<flow>', 'the flow name')
    .addOption(projectOption('the project (needed when the name is used in several)'))
    .option('-v, --version <version>', 'delete only this version', parsePositiveInteger)
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater delete flow etl --project "My Project"\n  $ headwater delete flow etl --version 2 --yes',
    )
    .action(async (name: string, options: DeleteFlowOptions, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const oneVersion = options.version !== undefined;
      const flow = await findFlow(client, { name, projectName: options.project, version: options.version });
      const deletion = await plannedDeletion(client, flow, oneVersion);
      const what = describeDeletion(flow, deletion, oneVersion);
      await confirm(output, {
        question: `Delete the ${flowLabel(flow, false)}: ${what}? This cannot be undone.`,
        yes: options.yes,
        declined: 'Nothing deleted.',
      });
      if (oneVersion) await client.deleteFlow(flow.id);
      else await client.deleteFlowGroup(flow.flowGroupId);
      const ids = deletion.versions.map((version) => version.id);
      output.result(
        {
          flowIds: ids,
          name: flow.name,
          project: flow.project.name,
          versions: deletion.versions.map((version) => version.version),
          runs: deletion.runs,
        },
        `Deleted the ${flowLabel(flow, false)}: ${what}.`,
        ids.join('\n'),
      );
    });
}

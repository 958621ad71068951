import type { Command } from 'commander';
import { ExitError } from '../exit-error.js';
import { addPluginOption, loadCommandPlugins, PLUGIN_HELP } from '../plugins.js';

export function defineExecuteCommands(execute: Command): void {
  execute.addHelpText(
    'after',
    '\nExample:\n  $ HEADWATER__CONTEXT__FLOW_RUN_ID=… headwater execute flow-run',
  );

  addPluginOption(execute.command('flow-run'))
    .description(
      'execute the flow run named by HEADWATER__CONTEXT__FLOW_RUN_ID: load its flow from storage, run it, report every state, log and heartbeat to the API',
    )
    .addHelpText(
      'after',
      [
        '',
        'Reads HEADWATER__CLOUD__API, HEADWATER__CLOUD__AUTH_TOKEN and HEADWATER__CONTEXT__FLOW_RUN_ID,',
        'as an agent sets them. Exits 0 when the run ended or was left for later (a retry, another',
        'process owning it), 1 when it could not be run or reported.',
        PLUGIN_HELP,
        '',
        'Example:',
        '  $ HEADWATER__CONTEXT__FLOW_RUN_ID=6f1c… headwater execute flow-run',
      ].join('\n'),
    )
    .action(async (options: { plugin: string[] }) => {
      await loadCommandPlugins(options.plugin);
      const { executeStoredFlowRun } = await import('@headwater/runtime');
      const result = await executeStoredFlowRun();
      if (result.exitCode !== 0) throw new ExitError(result.exitCode);
    });
}

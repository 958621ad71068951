import type { Command } from 'commander';
import { loadFlows } from '../load-flows.js';
import { flowOption, jsonOption } from '../options/flag-vocabulary.js';
import { Output } from '../output/output.js';

export function registerSerializeCommand(program: Command): void {
  program
    .command('serialize')
    .description(
      "print the serialized metadata (JSON) of the flows a file exports, without building — the seed's f.serialize()",
    )
    .argument('<file>', 'the TypeScript or JavaScript module that exports the flow(s)')
    .addOption(flowOption('only the flow with this name'))
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nPrints one JSON object for one flow, an array for several (with or without --json).\n\nExample:\n  $ headwater serialize ./flows/etl.ts --flow etl',
    )
    .action(async (file: string, options: { flow?: string }, command: Command) => {
      const output = Output.fromCommand(command);
      const { flows } = await loadFlows(file, options.flow);
      const serialized = flows.map((flow) => flow.serialize());
      output.line(JSON.stringify(serialized.length === 1 ? serialized[0] : serialized, null, 2));
    });
}

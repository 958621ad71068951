import type { Client, FlowRunSummary } from '@headwater/client';
import { CliError } from './cli-error.js';
import { UsageError } from './usage-error.js';

/** The flow run given by `--id`, or by `--name` (the newest run of that name). */
export async function findFlowRun(
  client: Client,
  options: { name?: string; id?: string },
): Promise<FlowRunSummary> {
  if (options.id) return client.getFlowRun(options.id);
  if (!options.name) throw new UsageError('Name the flow run with --name <run name> or --id <run id>.');
  const page = await client.listFlowRuns({ name: options.name, orderBy: 'CREATED_DESC', first: 1 });
  const run = page.nodes[0];
  if (!run) {
    throw new CliError({
      code: 'FLOW_RUN_NOT_FOUND',
      message: `Flow run "${options.name}" not found. List the runs with \`headwater get flow-runs\`.`,
    });
  }
  return run;
}

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The flow run named by `reference`: its id (a UUID) or its name (the newest run of that name). */
export function findFlowRunByReference(client: Client, reference: string): Promise<FlowRunSummary> {
  return findFlowRun(client, RUN_ID.test(reference) ? { id: reference } : { name: reference });
}

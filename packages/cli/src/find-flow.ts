import type { Client, FlowSummary } from '@headwater/client';
import { CliError } from './cli-error.js';

/**
 * The flow named `name` (in `projectName` when given): its latest version, or `version`.
 * Fails with a message saying what exists when there is no such flow, or when the name is
 * used in several projects and no project was given.
 */
export async function findFlow(
  client: Client,
  query: { name: string; projectName?: string | undefined; version?: number | undefined },
): Promise<FlowSummary> {
  const page = await client.listFlows({
    name: query.name,
    ...(query.projectName ? { projectName: query.projectName } : {}),
    allVersions: query.version !== undefined,
    first: 500,
  });
  const where = query.projectName ? ` in project "${query.projectName}"` : '';
  const matches = page.nodes.filter((flow) => query.version === undefined || flow.version === query.version);
  if (matches.length === 0) {
    const versions = page.nodes.map((flow) => flow.version).join(', ');
    throw new CliError({
      code: 'FLOW_NOT_FOUND',
      message:
        query.version !== undefined && versions
          ? `Flow "${query.name}"${where} has no version ${query.version} (versions: ${versions}).`
          : `Flow "${query.name}" not found${where}. List the flows with \`headwater get flows\`.`,
    });
  }
  const projects = [...new Set(matches.map((flow) => flow.project.name))];
  if (projects.length > 1) {
    throw new CliError({
      code: 'FLOW_AMBIGUOUS',
      message: `Flow "${query.name}" exists in several projects (${projects.map((p) => `"${p}"`).join(', ')}): name one with --project.`,
    });
  }
  return matches.sort((a, b) => b.version - a.version)[0]!;
}

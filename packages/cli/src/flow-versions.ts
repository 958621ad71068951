import type { Client, FlowSummary } from '@headwater/client';

/** Every version of `flow` (its version group), newest first. */
export async function flowVersions(client: Client, flow: FlowSummary): Promise<FlowSummary[]> {
  const page = await client.listFlows({
    name: flow.name,
    projectId: flow.projectId,
    allVersions: true,
    first: 500,
  });
  return page.nodes
    .filter((version) => version.versionGroupId === flow.versionGroupId)
    .sort((a, b) => b.version - a.version);
}

import type { FlowSummary } from '@headwater/client';

/** A flow as sentences name it: `flow "etl" v3 of project "My Project"`. */
export function flowLabel(
  flow: Pick<FlowSummary, 'name' | 'version' | 'project'>,
  withVersion = true,
): string {
  return `flow "${flow.name}"${withVersion ? ` v${flow.version}` : ''} of project "${flow.project.name}"`;
}

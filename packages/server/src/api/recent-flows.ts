import type { FlowWithGroup } from './flow-with-group.js';

/** Flows kept; beyond them, the one used longest ago goes. */
const MAX_FLOWS = 1000;

/**
 * Flows recently read to create runs of, by id, so the next run of a flow is made without
 * reading it again: only a hint, as the insert checks in the same statement that the flow
 * still reads as remembered (see `InsertOptions.asRead`), and reads it again when not. Kept
 * for the process (flow ids are unique in every database), the most recently used last.
 */
const recent = new Map<string, FlowWithGroup>();

/** The flow `flowId` of the tenant as last read to create a run, if it is remembered. */
export function recentFlow(tenantId: string, flowId: string): FlowWithGroup | undefined {
  const flow = recent.get(flowId);
  if (flow === undefined || flow.tenant_id !== tenantId) return undefined;
  recent.delete(flowId);
  recent.set(flowId, flow);
  return flow;
}

/** Remembers `flow` as just read. */
export function rememberFlow(flow: FlowWithGroup): void {
  recent.delete(flow.id);
  recent.set(flow.id, flow);
  if (recent.size > MAX_FLOWS) recent.delete(recent.keys().next().value!);
}

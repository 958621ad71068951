/** The GraphQL documents the agent sends besides the typed `Client` methods. */

/** What the agent needs to claim and deploy one flow run. */
export const AGENT_FLOW_RUN = `query agentFlowRun($id: ID!) { flowRun(id: $id) {
  id name version state serializedState stateStartTime labels
  flow { id name storage environment }
  taskRuns { id version state serializedState stateStartTime mapIndex } } }`;

/** Flow runs that changed, to wake the poll loop the moment one becomes due. */
export const FLOW_RUN_UPDATED = `subscription agentFlowRunUpdated {
  flowRunUpdated { id state stateStartTime labels } }`;

export interface AgentFlowRun {
  id: string;
  name: string;
  version: number;
  state: string;
  serializedState: Record<string, unknown>;
  stateStartTime: string | null;
  labels: string[];
  flow: {
    id: string;
    name: string;
    storage: Record<string, unknown> | null;
    environment: Record<string, unknown> | null;
  };
  taskRuns: {
    id: string;
    version: number;
    state: string;
    serializedState: Record<string, unknown>;
    stateStartTime: string | null;
    mapIndex: number;
  }[];
}

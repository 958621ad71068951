import { Link } from 'react-router';
import { useApiQuery } from '../api/use-api.js';

const PARENT_QUERY = /* GraphQL */ `
  query parentRun($id: ID!) {
    flowRun(id: $id) { parentFlowRunId }
  }
`;

/** "started by <parent run>" for a run a runFlow task of another run started; nothing for others. */
export function ParentRunLink({ flowRunId }: { flowRunId: string }) {
  const parent = useApiQuery<{ flowRun: { parentFlowRunId: string | null } | null }>(
    ['parentRun', flowRunId],
    PARENT_QUERY,
    { id: flowRunId },
  );
  const parentId = parent.data?.flowRun?.parentFlowRunId;
  if (!parentId) return null;
  return (
    <span data-testid="parent-run">
      started by <Link to={`/flow-runs/${parentId}`}>its parent run</Link>
    </span>
  );
}

import { Link } from 'react-router';
import { FLOW_RUN_NAME_QUERY } from '../api/documents.js';
import { useApiQuery } from '../api/use-api.js';

/**
 * "from run <name>", linking to the flow run whose Cached result a task run reused. `lead` goes
 * before it (`from ` by default; empty where a label already says "Cached from").
 */
export function CachedFromRun({ flowRunId, lead = 'from ' }: { flowRunId: string; lead?: string }) {
  const source = useApiQuery<{ flowRun: { id: string; name: string } | null }>(
    ['flowRunName', flowRunId],
    FLOW_RUN_NAME_QUERY,
    { id: flowRunId },
    { staleTime: Number.POSITIVE_INFINITY },
  );
  if (source.data && !source.data.flowRun) {
    return <span data-testid="cached-from">{lead}a run that no longer exists</span>;
  }
  const name = source.data?.flowRun?.name;
  return (
    <span data-testid="cached-from">
      {lead}
      {name ? 'run ' : ''}
      <Link to={`/flow-runs/${flowRunId}`}>{name ?? 'another run'}</Link>
    </span>
  );
}

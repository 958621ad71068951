import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CANCEL_FLOW_RUN } from '../api/documents.js';
import type { FlowRunSummary } from '../api/types.js';
import { useApiRequest } from '../api/use-api.js';
import { type CancelOutcome, summarizeCancels } from '../lib/bulk-cancel.js';
import { ConfirmButton } from './confirm-button.js';
import { Notice } from './error-notice.js';
import { shortRunId } from './flow-runs-table.js';

/** Names shown in the confirmation before "and N more". */
const NAMED = 5;

/**
 * Cancels the selected runs after asking, one request per run, then says what became of each:
 * how many were cancelled or are stopping, and which were not, with why.
 */
export function BulkCancel({ runs, onDone }: { runs: readonly FlowRunSummary[]; onDone(): void }) {
  const request = useApiRequest();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<CancelOutcome[] | null>(null);
  const cancel = async () => {
    setBusy(true);
    const results = await Promise.all(
      runs.map(async (run): Promise<CancelOutcome> => {
        const name = `${run.name} (${shortRunId(run.id)})`;
        try {
          const data = await request<{ cancelFlowRun: { state: string } }>(CANCEL_FLOW_RUN, {
            input: { flowRunId: run.id },
          });
          return { name, state: data.cancelFlowRun.state, error: null };
        } catch (error) {
          return { name, state: null, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    setOutcomes(results);
    setBusy(false);
    onDone();
    await queryClient.invalidateQueries({ queryKey: ['flowRuns'] });
  };
  const summary = outcomes && summarizeCancels(outcomes);
  const count = `${runs.length} run${runs.length === 1 ? '' : 's'}`;
  return (
    <div className="bulk-actions">
      {runs.length > 0 && (
        <div className="row">
          <span>{count} selected</span>
          <ConfirmButton
            label={busy ? 'Cancelling…' : `Cancel ${count}`}
            title={`Cancel ${count}?`}
            description={
              <>
                {runs
                  .slice(0, NAMED)
                  .map((run) => run.name)
                  .join(', ')}
                {runs.length > NAMED ? ` and ${runs.length - NAMED} more` : ''}. Runs that have not started
                are cancelled at once; running ones move to Cancelling and are stopped with their tasks.
              </>
            }
            confirmLabel={`Cancel ${count}`}
            cancelLabel="Keep them"
            disabled={busy}
            small
            onConfirm={cancel}
          />
        </div>
      )}
      {summary && (
        <Notice tone={summary.problems.length ? 'warning' : 'success'} title="Bulk cancel">
          <p>{summary.headline}</p>
          {summary.problems.length > 0 && (
            <ul>
              {summary.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
    </div>
  );
}

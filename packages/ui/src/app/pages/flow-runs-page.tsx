import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { FLOW_RUNS_QUERY } from '../api/documents.js';
import type { FlowRunSummary } from '../api/types.js';
import { useApiQuery } from '../api/use-api.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FlowRunsTable } from '../components/flow-runs-table.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';

const FILTERS: { id: string; label: string; filter: Record<string, unknown> }[] = [
  { id: 'all', label: 'All', filter: {} },
  {
    id: 'running',
    label: 'In progress',
    filter: { states: ['Submitted', 'Queued', 'Running', 'Cancelling'] },
  },
  { id: 'scheduled', label: 'Scheduled', filter: { stateGroup: 'Scheduled' } },
  { id: 'success', label: 'Succeeded', filter: { stateGroup: 'Success' } },
  { id: 'failed', label: 'Failed', filter: { stateGroup: 'Failed' } },
  { id: 'cancelled', label: 'Cancelled', filter: { stateGroup: 'Cancelled' } },
];

const PAGE = 50;

/** Every flow run, newest first, filtered by state. */
export function FlowRunsPage() {
  const [filterId, setFilterId] = useState('all');
  const [count, setCount] = useState(PAGE);
  const filter = FILTERS.find((candidate) => candidate.id === filterId) ?? FILTERS[0]!;
  const runs = useApiQuery<{ flowRuns: { totalCount: number; nodes: FlowRunSummary[] } }>(
    ['flowRuns', 'all'],
    FLOW_RUNS_QUERY,
    { filter: filter.filter, orderBy: 'SCHEDULED_START_TIME_DESC', first: count },
    { refetchInterval: 5_000, placeholderData: keepPreviousData },
  );
  return (
    <>
      <PageHeader
        title="Flow runs"
        actions={
          <>
            <label className="visually-hidden" htmlFor="runs-filter">
              State
            </label>
            <select
              id="runs-filter"
              className="input"
              value={filterId}
              onChange={(event) => {
                setFilterId(event.target.value);
                setCount(PAGE);
              }}
            >
              {FILTERS.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.label}
                </option>
              ))}
            </select>
          </>
        }
      />
      <section className="card" aria-label="Flow runs">
        {runs.isPending ? (
          <Loading what="Loading runs…" />
        ) : runs.error ? (
          <div className="card-body">
            <ErrorNotice error={runs.error} title="Runs could not be loaded" />
          </div>
        ) : runs.data.flowRuns.nodes.length === 0 ? (
          <EmptyState title={filterId === 'all' ? 'No flow runs yet' : 'No runs in this state'}>
            <p>Open a flow and press “Run”, or run one from the command line.</p>
          </EmptyState>
        ) : (
          <>
            <FlowRunsTable runs={runs.data.flowRuns.nodes} caption="Flow runs" />
            {runs.data.flowRuns.totalCount > runs.data.flowRuns.nodes.length && count < 500 && (
              <div className="card-body" style={{ textAlign: 'center' }}>
                <button
                  type="button"
                  className="btn"
                  onClick={() => setCount((current) => Math.min(500, current + PAGE))}
                >
                  Show more ({runs.data.flowRuns.totalCount - runs.data.flowRuns.nodes.length} older)
                </button>
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}

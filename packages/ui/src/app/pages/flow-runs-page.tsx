import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FLOW_RUNS_QUERY } from '../api/documents.js';
import type { Connection, FlowRunSummary } from '../api/types.js';
import { useApiQuery } from '../api/use-api.js';
import { useSession } from '../auth/session.js';
import { BulkCancel } from '../components/bulk-cancel.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FlowRunsTable, type RunSelection } from '../components/flow-runs-table.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import { Pager } from '../components/pager.js';
import { RunFilters } from '../components/run-filters.js';
import {
  isFiltered,
  type RunListQuery,
  readRunListQuery,
  runListFilter,
  runListParams,
} from '../lib/run-list-query.js';
import { useCursorPage } from '../lib/use-cursor-page.js';

const PAGE = 50;

/** Every flow run, newest due first: searched and filtered, page by page, all kept in the URL; bulk cancel. */
export function FlowRunsPage() {
  const [params, setParams] = useSearchParams();
  const query = readRunListQuery(params);
  const page = useCursorPage(PAGE);
  // A relative range ("last hour") counts back from when it was chosen, so pages stay put.
  const [now, setNow] = useState(() => Date.now());
  const filter = runListFilter(query, now);
  const runs = useApiQuery<{ flowRuns: Connection<FlowRunSummary> }>(
    ['flowRuns', 'list'],
    FLOW_RUNS_QUERY,
    { filter, orderBy: 'SCHEDULED_START_TIME_DESC', first: PAGE, after: page.after },
    { refetchInterval: 5_000, placeholderData: keepPreviousData },
  );
  const onChange = (next: RunListQuery) => {
    setNow(Date.now());
    setSelected(new Set());
    setParams(runListParams(next), { replace: true });
  };
  const { states } = useSession();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const nodes = runs.data?.flowRuns.nodes ?? [];
  const selection: RunSelection = {
    selected,
    selectable: (run) => !states.isFinished(run.state),
    toggle: (ids, on) =>
      setSelected((current) => {
        const next = new Set(current);
        for (const id of ids) on ? next.add(id) : next.delete(id);
        return next;
      }),
  };
  const chosen = nodes.filter((run) => selected.has(run.id) && selection.selectable(run));
  return (
    <>
      <PageHeader title="Flow runs" />
      <RunFilters query={query} onChange={onChange} />
      <BulkCancel runs={chosen} onDone={() => setSelected(new Set())} />
      <section className="card" aria-label="Flow runs">
        {runs.isPending ? (
          <Loading what="Loading runs…" />
        ) : runs.error ? (
          <div className="card-body">
            <ErrorNotice error={runs.error} title="Runs could not be loaded" />
          </div>
        ) : nodes.length === 0 ? (
          <EmptyState title={isFiltered(query) ? 'No runs match these filters' : 'No flow runs yet'}>
            {isFiltered(query) ? (
              <p>
                <Link to="/flow-runs">Clear the filters</Link> to see every run.
              </p>
            ) : (
              <p>Open a flow and press “Run”, or run one from the command line.</p>
            )}
          </EmptyState>
        ) : (
          <>
            <FlowRunsTable runs={nodes} caption="Flow runs" selection={selection} />
            <Pager
              label="Flow runs"
              page={page}
              shown={nodes.length}
              total={runs.data.flowRuns.totalCount}
              endCursor={runs.data.flowRuns.pageInfo.endCursor}
              hasNextPage={runs.data.flowRuns.pageInfo.hasNextPage}
            />
          </>
        )}
      </section>
    </>
  );
}

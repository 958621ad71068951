import { keepPreviousData } from '@tanstack/react-query';
import { FLOWS_QUERY } from '../api/documents.js';
import type { Connection, FlowSummary } from '../api/types.js';
import { useApiQuery } from '../api/use-api.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FlowsTable } from '../components/flows-table.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import { ConnectionPager } from '../components/pager.js';
import { useCursorPage } from '../lib/use-cursor-page.js';

const PAGE = 25;

/** The latest version of every flow in the tenant with how its last runs went, page by page. */
export function FlowsPage() {
  const page = useCursorPage(PAGE);
  const flows = useApiQuery<{ flows: Connection<FlowSummary> }>(
    ['flows'],
    FLOWS_QUERY,
    { first: PAGE, after: page.after },
    { placeholderData: keepPreviousData, refetchInterval: 15_000 },
  );
  return (
    <>
      <PageHeader title="Flows" subtitle="The latest version of each flow, with its last 20 finished runs." />
      <section className="card" aria-label="Flows">
        {flows.isPending ? (
          <Loading what="Loading flows…" />
        ) : flows.error ? (
          <div className="card-body">
            <ErrorNotice error={flows.error} title="Flows could not be loaded" />
          </div>
        ) : flows.data.flows.nodes.length === 0 ? (
          <EmptyState title="No flows yet" command='headwater deploy ./flows/etl.ts --project "My Project"'>
            <p>
              Write a flow in TypeScript, then deploy it: Headwater builds its image, pushes it to your
              registry and registers it here.
            </p>
          </EmptyState>
        ) : (
          <>
            <FlowsTable flows={flows.data.flows.nodes} />
            <ConnectionPager label="Flows" page={page} connection={flows.data.flows} />
          </>
        )}
      </section>
    </>
  );
}

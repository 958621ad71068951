import { FLOWS_QUERY } from '../api/documents.js';
import type { FlowSummary } from '../api/types.js';
import { useApiQuery } from '../api/use-api.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FlowsTable } from '../components/flows-table.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';

/** The latest version of every flow in the tenant. */
export function FlowsPage() {
  const flows = useApiQuery<{ flows: { totalCount: number; nodes: FlowSummary[] } }>(['flows'], FLOWS_QUERY, {
    first: 500,
  });
  return (
    <>
      <PageHeader title="Flows" subtitle="The latest version of each flow." />
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
          <FlowsTable flows={flows.data.flows.nodes} />
        )}
      </section>
    </>
  );
}

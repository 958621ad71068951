import { keepPreviousData } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { FLOWS_QUERY, PROJECT_QUERY } from '../api/documents.js';
import type { Connection, FlowSummary, ProjectSummary } from '../api/types.js';
import { useApiQuery } from '../api/use-api.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FlowsTable } from '../components/flows-table.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import { ConnectionPager } from '../components/pager.js';
import { useCursorPage } from '../lib/use-cursor-page.js';

const PAGE = 25;

/** One project and its flows, page by page. */
export function ProjectPage() {
  const { projectId = '' } = useParams();
  const page = useCursorPage(PAGE);
  const project = useApiQuery<{ project: ProjectSummary | null }>(['project', projectId], PROJECT_QUERY, {
    id: projectId,
  });
  const flows = useApiQuery<{ flows: Connection<FlowSummary> }>(
    ['flows', projectId],
    FLOWS_QUERY,
    { filter: { projectId }, first: PAGE, after: page.after },
    { placeholderData: keepPreviousData },
  );
  if (project.isPending) return <Loading what="Loading the project…" />;
  if (project.error) return <ErrorNotice error={project.error} title="The project could not be loaded" />;
  if (!project.data.project) {
    return (
      <ErrorNotice title="No such project">
        This project does not exist; it may have been deleted.
      </ErrorNotice>
    );
  }
  const { name, description } = project.data.project;
  if (flows.isPending) return <Loading what="Loading the project's flows…" />;
  if (flows.error) return <ErrorNotice error={flows.error} title="The project's flows could not be loaded" />;
  const { nodes } = flows.data.flows;
  return (
    <>
      <PageHeader title={name} subtitle={description} crumbs={[{ label: 'Projects', to: '/projects' }]} />
      <section className="card" aria-label="Flows">
        {nodes.length === 0 ? (
          <EmptyState
            title="No flows in this project yet"
            command={`headwater deploy ./flows/etl.ts --project ${JSON.stringify(name)}`}
          >
            <p>
              Deploy one from your TypeScript project; Headwater builds its image, pushes it, and registers it
              here.
            </p>
          </EmptyState>
        ) : (
          <>
            <FlowsTable flows={nodes} showProject={false} />
            <ConnectionPager label="Flows" page={page} connection={flows.data.flows} />
          </>
        )}
      </section>
    </>
  );
}

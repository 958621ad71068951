import { useParams } from 'react-router';
import { PROJECT_QUERY } from '../api/documents.js';
import type { FlowSummary, ProjectSummary } from '../api/types.js';
import { useApiQuery } from '../api/use-api.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FlowsTable } from '../components/flows-table.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';

/** One project and its flows. */
export function ProjectPage() {
  const { projectId = '' } = useParams();
  const project = useApiQuery<{ project: (ProjectSummary & { flows: FlowSummary[] }) | null }>(
    ['project', projectId],
    PROJECT_QUERY,
    { id: projectId },
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
  const { name, description, flows } = project.data.project;
  return (
    <>
      <PageHeader title={name} subtitle={description} crumbs={[{ label: 'Projects', to: '/projects' }]} />
      <section className="card" aria-label="Flows">
        {flows.length === 0 ? (
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
          <FlowsTable flows={flows} showProject={false} />
        )}
      </section>
    </>
  );
}

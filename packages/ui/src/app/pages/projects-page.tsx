import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CREATE_PROJECT } from '../api/documents.js';
import { PROJECTS_PAGE_QUERY } from '../api/project-documents.js';
import type { Connection, ProjectSummary } from '../api/types.js';
import { useApiMutation, useApiQuery } from '../api/use-api.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import { ConnectionPager } from '../components/pager.js';
import { ProjectsTable } from '../components/projects-table.js';
import { useCursorPage, withoutPage } from '../lib/use-cursor-page.js';
import { useSettledText } from '../lib/use-settled-text.js';

const PAGE = 25;

/** Projects of the tenant by name, searched and page by page (both kept in the URL), and a form to create one. */
export function ProjectsPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const page = useCursorPage(PAGE);
  const projects = useApiQuery<{ projectsConnection: Connection<ProjectSummary> }>(
    ['projects', 'page'],
    PROJECTS_PAGE_QUERY,
    { search: search || null, first: PAGE, after: page.after },
    { placeholderData: keepPreviousData },
  );
  const setSearch = (text: string) => {
    const next = withoutPage(params);
    if (text.trim()) next.set('q', text.trim());
    else next.delete('q');
    setParams(next, { replace: true });
  };
  const list = projects.data?.projectsConnection;
  return (
    <>
      <PageHeader title="Projects" subtitle="Projects group flows, like folders." />
      <div className="stack">
        <CreateProjectForm />
        <ProjectSearch search={search} onSearch={setSearch} />
        <section className="card" aria-label="Projects">
          {projects.isPending ? (
            <Loading what="Loading projects…" />
          ) : projects.error ? (
            <div className="card-body">
              <ErrorNotice error={projects.error} title="Projects could not be loaded" />
            </div>
          ) : !list || list.nodes.length === 0 ? (
            <NoProjects search={search} />
          ) : (
            <>
              <ProjectsTable projects={list.nodes} />
              <ConnectionPager label="Projects" page={page} connection={list} />
            </>
          )}
        </section>
      </div>
    </>
  );
}

/** The search box of the Projects list: a name, or part of one, in any case. */
function ProjectSearch({ search, onSearch }: { search: string; onSearch(text: string): void }) {
  const id = useId();
  const [text, setText] = useSettledText(search, onSearch);
  return (
    <search className="filters" aria-label="Search projects">
      <div className="field filter-search">
        <label htmlFor={`${id}-q`}>Search</label>
        <input
          id={`${id}-q`}
          type="search"
          className="input"
          placeholder="Project name"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
    </search>
  );
}

function NoProjects({ search }: { search: string }) {
  if (search) {
    return (
      <EmptyState title={`No project name contains “${search}”`}>
        <p>
          <Link to="/projects">Clear the search</Link> to see every project.
        </p>
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No projects yet" command='headwater create project "My Project"'>
      <p>Create one with the form above, or from the command line:</p>
    </EmptyState>
  );
}

function CreateProjectForm() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const create = useApiMutation<
    { createProject: { id: string } },
    { input: { name: string; description?: string } }
  >(CREATE_PROJECT);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError('Give the project a name.');
      document.getElementById('project-name')?.focus();
      return;
    }
    setNameError(null);
    const input: { name: string; description?: string } = { name: name.trim() };
    if (description.trim()) input.description = description.trim();
    create.mutate(
      { input },
      {
        onSuccess: (data) => {
          void queryClient.invalidateQueries({ queryKey: ['projects'] });
          navigate(`/projects/${data.createProject.id}`);
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="create-project-title">
      <div className="card-header">
        <h2 id="create-project-title">Create a project</h2>
      </div>
      <form className="card-body" onSubmit={submit} noValidate>
        {/* Name, description and button on one line where they fit, one below the other on a phone. */}
        <div className="form-row" style={{ display: 'flex', flexWrap: 'wrap' }}>
          <div className="field" style={{ flex: '1 1 12rem' }}>
            <label htmlFor="project-name">Name</label>
            <input
              id="project-name"
              className="input"
              value={name}
              placeholder="My Project"
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? 'project-name-error' : undefined}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <div className="field" style={{ flex: '2 1 18rem' }}>
            <label htmlFor="project-description">Description (optional)</label>
            <input
              id="project-description"
              className="input"
              value={description}
              onChange={(event) => setDescription(event.target.value)}
            />
          </div>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create project'}
          </button>
        </div>
        {nameError && (
          <p id="project-name-error" style={{ color: 'var(--color-danger)', marginTop: 8 }}>
            {nameError}
          </p>
        )}
        {create.error && (
          <div style={{ marginTop: 12 }}>
            <ErrorNotice error={create.error} title="The project was not created" />
          </div>
        )}
      </form>
    </section>
  );
}

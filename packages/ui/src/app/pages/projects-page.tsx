import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CREATE_PROJECT, PROJECTS_QUERY } from '../api/documents.js';
import type { ProjectSummary } from '../api/types.js';
import { useApiMutation, useApiQuery } from '../api/use-api.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import { DateTime } from '../components/time-ago.js';

/** Projects of the tenant, and a form to create one. */
export function ProjectsPage() {
  const projects = useApiQuery<{ projects: ProjectSummary[] }>(['projects'], PROJECTS_QUERY);
  return (
    <>
      <PageHeader title="Projects" subtitle="Projects group flows, like folders." />
      <div className="stack">
        <CreateProjectForm />
        <section className="card" aria-label="Projects">
          {projects.isPending ? (
            <Loading what="Loading projects…" />
          ) : projects.error ? (
            <div className="card-body">
              <ErrorNotice error={projects.error} title="Projects could not be loaded" />
            </div>
          ) : projects.data.projects.length === 0 ? (
            <EmptyState title="No projects yet" command='headwater create project "My Project"'>
              <p>Create one with the form above, or from the command line:</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Projects</caption>
                <thead>
                  <tr>
                    <th scope="col">Project</th>
                    <th scope="col" className="hide-narrow">
                      Description
                    </th>
                    <th scope="col" className="numeric">
                      Flows
                    </th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {projects.data.projects.map((project) => (
                    <tr key={project.id}>
                      <td>
                        <Link to={`/projects/${project.id}`}>{project.name}</Link>
                      </td>
                      <td className="hide-narrow muted">{project.description ?? ''}</td>
                      <td className="numeric">{project.flowCount}</td>
                      <td>
                        <DateTime iso={project.created} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
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
        <div className="form-row" style={{ gridTemplateColumns: '1fr 2fr auto' }}>
          <div className="field">
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
          <div className="field">
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

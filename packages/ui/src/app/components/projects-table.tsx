import { Link } from 'react-router';
import type { ProjectSummary } from '../api/types.js';
import { DateTime } from './time-ago.js';

/** Projects with their description, number of flows and creation time; each links to its page. */
export function ProjectsTable({ projects }: { projects: ProjectSummary[] }) {
  return (
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
          {projects.map((project) => (
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
  );
}

import { Link } from 'react-router';
import type { FlowSummary } from '../api/types.js';
import { describeSchedule } from '../lib/schedule.js';
import { FlowHealthSummary } from './flow-health.js';
import { TimeAgo } from './time-ago.js';

/**
 * Flows (latest version of each) with their project, version, schedule and registration time,
 * and how their last runs went when the flows carry their health.
 */
export function FlowsTable({
  flows,
  showProject = true,
}: {
  flows: readonly FlowSummary[];
  showProject?: boolean;
}) {
  const showHealth = flows.some((flow) => flow.health);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Flows</caption>
        <thead>
          <tr>
            <th scope="col">Flow</th>
            {showProject && <th scope="col">Project</th>}
            <th scope="col" className="numeric">
              Version
            </th>
            {showHealth && <th scope="col">Last runs</th>}
            <th scope="col">Schedule</th>
            <th scope="col" className="hide-narrow">
              Registered
            </th>
          </tr>
        </thead>
        <tbody>
          {flows.map((flow) => {
            const schedule = describeSchedule(flow.schedule);
            return (
              <tr key={flow.id} className={flow.archived ? 'is-muted' : undefined}>
                <td>
                  <Link to={`/flows/${flow.id}`}>{flow.name}</Link>
                  {flow.archived && <span className="muted"> (archived)</span>}
                </td>
                {showProject && (
                  <td>
                    <Link to={`/projects/${flow.project.id}`}>{flow.project.name}</Link>
                  </td>
                )}
                <td className="numeric">{flow.version}</td>
                {showHealth && (
                  <td>{flow.health && <FlowHealthSummary health={flow.health} flowName={flow.name} />}</td>
                )}
                <td>
                  {schedule ? (
                    <>
                      {schedule.join('; ')}{' '}
                      <span className="muted">{flow.isScheduleActive ? '(on)' : '(off)'}</span>
                    </>
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
                <td className="hide-narrow">
                  <TimeAgo iso={flow.created} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

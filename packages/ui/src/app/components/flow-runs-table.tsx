import { Link } from 'react-router';
import type { FlowRunSummary } from '../api/types.js';
import { formatDuration } from '../lib/format.js';
import { NoAgentMarker } from './no-agent-marker.js';
import { StateBadge } from './state-badge.js';
import { TimeAgo } from './time-ago.js';

/** Runs as a table: name, flow, state, when it was due, started and how long it took. */
export function FlowRunsTable({
  runs,
  showFlow = true,
  caption,
}: {
  runs: readonly FlowRunSummary[];
  showFlow?: boolean;
  caption: string;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            {showFlow && <th scope="col">Flow</th>}
            <th scope="col">State</th>
            <th scope="col" className="hide-narrow">
              Scheduled
            </th>
            <th scope="col">Started</th>
            <th scope="col" className="numeric hide-narrow">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>
                <Link to={`/flow-runs/${run.id}`}>{run.name}</Link>
              </td>
              {showFlow && (
                <td>
                  <Link to={`/flows/${run.flow.id}`}>{run.flow.name}</Link>
                  <span className="muted"> v{run.flow.version}</span>
                </td>
              )}
              <td>
                <span className="row">
                  <StateBadge state={run.state} />
                  {run.waitingFor && <NoAgentMarker reason={run.waitingFor} />}
                </span>
              </td>
              <td className="hide-narrow">
                <TimeAgo iso={run.scheduledStartTime} />
              </td>
              <td>
                <TimeAgo iso={run.startTime} fallback="not yet" />
              </td>
              <td className="numeric hide-narrow">{formatDuration(run.duration)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { Link } from 'react-router';
import type { FlowRunSummary } from '../api/types.js';
import { formatDuration } from '../lib/format.js';
import { NoAgentMarker } from './no-agent-marker.js';
import { StateBadge } from './state-badge.js';
import { TimeAgo } from './time-ago.js';

/** Which runs are ticked, for actions on several runs at once. */
export interface RunSelection {
  selected: ReadonlySet<string>;
  /** Whether a run can be ticked (e.g. only unfinished runs can be cancelled). */
  selectable(run: FlowRunSummary): boolean;
  toggle(ids: readonly string[], on: boolean): void;
}

/** The first characters of a run's id: two runs with the same name still read apart. */
export function shortRunId(id: string): string {
  return id.slice(0, 8);
}

/**
 * Runs as a table: name (with the start of its id), flow, state (a failure's cause under it),
 * when it was due, started and how long it took; a tick box per run when given a selection.
 */
export function FlowRunsTable({
  runs,
  showFlow = true,
  caption,
  selection,
}: {
  runs: readonly FlowRunSummary[];
  showFlow?: boolean;
  caption: string;
  selection?: RunSelection;
}) {
  const selectable = selection ? runs.filter((run) => selection.selectable(run)).map((run) => run.id) : [];
  const allSelected = selectable.length > 0 && selectable.every((id) => selection?.selected.has(id));
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="select-cell">
                <input
                  type="checkbox"
                  aria-label="Select every unfinished run on this page"
                  checked={allSelected}
                  disabled={selectable.length === 0}
                  onChange={(event) => selection.toggle(selectable, event.target.checked)}
                />
              </th>
            )}
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
              {selection && (
                <td className="select-cell">
                  <input
                    type="checkbox"
                    aria-label={`Select ${run.name} (${shortRunId(run.id)})`}
                    checked={selection.selected.has(run.id)}
                    disabled={!selection.selectable(run)}
                    onChange={(event) => selection.toggle([run.id], event.target.checked)}
                  />
                </td>
              )}
              <td>
                <Link to={`/flow-runs/${run.id}`}>{run.name}</Link>{' '}
                <span className="muted mono run-id" title={`Run id ${run.id}`}>
                  {shortRunId(run.id)}
                </span>
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
                {run.failure && (
                  <div className="run-failure" title={run.failure}>
                    {run.failure}
                  </div>
                )}
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

import { Link } from 'react-router';
import type { FlowHealth } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { formatDateTime, formatDuration } from '../lib/format.js';

/** e.g. "85 %"; an em dash for no runs. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)} %`;
}

/** The last finished runs as a strip of coloured marks, oldest on the left; each opens its run. */
export function RunStrip({ runs, flowName }: { runs: FlowHealth['runs']; flowName: string }) {
  const { states } = useSession();
  if (runs.length === 0) return <span className="muted">no finished runs</span>;
  return (
    <ol className="run-strip" aria-label={`Last ${runs.length} finished runs of ${flowName}`}>
      {[...runs].reverse().map((run) => (
        <li key={run.id}>
          <Link
            to={`/flow-runs/${run.id}`}
            className={`run-strip-mark tone-${states.tone(run.state)}`}
            data-state={run.state}
            aria-label={`${run.name}: ${run.state}, ${formatDateTime(run.scheduledStartTime)}`}
            title={`${run.name}: ${run.state} · ${formatDateTime(run.scheduledStartTime)} · ${formatDuration(run.duration)}`}
          />
        </li>
      ))}
    </ol>
  );
}

/** Strip, success rate and median duration of a flow's last finished runs. */
export function FlowHealthSummary({ health, flowName }: { health: FlowHealth; flowName: string }) {
  return (
    <div className="flow-health">
      <RunStrip runs={health.runs} flowName={flowName} />
      <span data-testid="success-rate">
        <strong>{formatRate(health.successRate)}</strong> <span className="muted">succeeded</span>
      </span>
      <span data-testid="median-duration">
        <strong>{formatDuration(health.medianDuration)}</strong> <span className="muted">median</span>
      </span>
    </div>
  );
}

import { formatDateTime } from '../lib/format.js';
import type { HistoryBucket } from '../lib/run-history.js';
import { SUMMARY_GROUPS, type SummaryGroup } from '../lib/states.js';

const TONE: Record<SummaryGroup, string> = {
  Success: 'success',
  Failed: 'failed',
  Cancelled: 'cancelled',
  Running: 'running',
  Scheduled: 'scheduled',
};

const WIDTH = 720;
const HEIGHT = 160;
const AXIS = 18;

/** Stacked bars of run counts per time slice, coloured by state group. */
export function RunHistoryChart({ buckets, label }: { buckets: readonly HistoryBucket[]; label: string }) {
  const max = Math.max(1, ...buckets.map((bucket) => bucket.total));
  const slot = WIDTH / Math.max(1, buckets.length);
  const barWidth = Math.max(2, slot * 0.72);
  const plot = HEIGHT - AXIS;
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  return (
    <div>
      <svg className="history-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <line x1={0} x2={WIDTH} y1={plot + 0.5} y2={plot + 0.5} stroke="#dde3ea" />
        {buckets.map((bucket, index) => {
          let y = plot;
          const x = index * slot + (slot - barWidth) / 2;
          return (
            <g key={bucket.start}>
              <title>
                {`${formatDateTime(new Date(bucket.start).toISOString())}: ${bucket.total} run(s)${SUMMARY_GROUPS.filter(
                  (group) => bucket.counts[group] > 0,
                )
                  .map((group) => `, ${bucket.counts[group]} ${group}`)
                  .join('')}`}
              </title>
              {bucket.total === 0 && <rect x={x} y={plot - 2} width={barWidth} height={2} fill="#e8edf2" />}
              {SUMMARY_GROUPS.map((group) => {
                const count = bucket.counts[group];
                if (count === 0) return null;
                const height = Math.max(2, (count / max) * (plot - 6));
                y -= height;
                return (
                  <rect
                    key={group}
                    className={`tone-${TONE[group]}`}
                    x={x}
                    y={y}
                    width={barWidth}
                    height={height}
                    rx={2}
                    style={{ fill: 'var(--tone)' }}
                  />
                );
              })}
            </g>
          );
        })}
        {first && (
          <text x={0} y={HEIGHT - 4} fontSize={11} fill="#5a6776">
            {formatDateTime(new Date(first.start).toISOString())}
          </text>
        )}
        {last && (
          <text x={WIDTH} y={HEIGHT - 4} fontSize={11} fill="#5a6776" textAnchor="end">
            now
          </text>
        )}
      </svg>
      <div className="legend" aria-hidden="true">
        {SUMMARY_GROUPS.map((group) => (
          <span key={group} className={`legend-item tone-${TONE[group]}`}>
            <span className="legend-swatch" />
            {group}
          </span>
        ))}
      </div>
    </div>
  );
}

export { TONE as SUMMARY_TONES };

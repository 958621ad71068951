import type { MouseEvent } from 'react';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../lib/format.js';
import type { HistoryBucket } from '../lib/run-history.js';
import { SUMMARY_GROUPS, type SummaryGroup } from '../lib/states.js';

export const SUMMARY_TONES: Record<SummaryGroup, string> = {
  Success: 'success',
  Failed: 'failed',
  Cancelled: 'cancelled',
  Running: 'running',
  Scheduled: 'scheduled',
};

/** Drawing units of one bar slot; the SVG stretches to the card's width. */
const SLOT = 10;
const BAR = 7;
const HEIGHT = 100;

function describe(bucket: HistoryBucket): string {
  const counts = SUMMARY_GROUPS.filter((group) => bucket.counts[group] > 0).map(
    (group) => `${bucket.counts[group]} ${group}`,
  );
  return `${formatDateTime(new Date(bucket.start).toISOString())}: ${bucket.total} run${bucket.total === 1 ? '' : 's'}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`;
}

/**
 * Stacked bars of run counts per time slice, coloured by state group. With `linkTo`, each bar
 * opens the run list of its slice, and each coloured part that of its slice and state group.
 */
export function RunHistoryChart({
  buckets,
  label,
  linkTo,
}: {
  buckets: readonly HistoryBucket[];
  label: string;
  linkTo?: (bucket: HistoryBucket, group?: SummaryGroup) => string;
}) {
  const navigate = useNavigate();
  // SVG links navigate inside the app instead of reloading it.
  const follow = (href: string) => (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(href);
  };
  const max = Math.max(1, ...buckets.map((bucket) => bucket.total));
  const first = buckets[0];
  const empty = buckets.every((bucket) => bucket.total === 0);
  return (
    <div>
      <div className="history-plot">
        <svg
          className="history-chart"
          viewBox={`0 0 ${buckets.length * SLOT} ${HEIGHT}`}
          preserveAspectRatio="none"
          role={linkTo ? 'group' : 'img'}
          aria-label={`${label}. ${buckets.reduce((sum, bucket) => sum + bucket.total, 0)} runs in total.`}
        >
          {buckets.map((bucket, index) => {
            let y = HEIGHT;
            const x = index * SLOT + (SLOT - BAR) / 2;
            const slot = <rect x={index * SLOT} y={0} width={SLOT} height={HEIGHT} fill="transparent" />;
            const bucketLink = linkTo && bucket.total > 0 ? linkTo(bucket) : null;
            return (
              <g key={bucket.start}>
                <title>{describe(bucket)}</title>
                {bucketLink ? (
                  <a
                    href={bucketLink}
                    onClick={follow(bucketLink)}
                    aria-label={`Runs of ${describe(bucket)}`}
                  >
                    {slot}
                  </a>
                ) : (
                  slot
                )}
                {SUMMARY_GROUPS.map((group) => {
                  const count = bucket.counts[group];
                  if (count === 0) return null;
                  const height = Math.max(1.5, (count / max) * (HEIGHT - 4));
                  y -= height;
                  const bar = (
                    <rect
                      className={`tone-${SUMMARY_TONES[group]}`}
                      x={x}
                      y={y}
                      width={BAR}
                      height={height}
                      style={{ fill: 'var(--tone)' }}
                    />
                  );
                  if (!linkTo) return <g key={group}>{bar}</g>;
                  const href = linkTo(bucket, group);
                  return (
                    <a
                      key={group}
                      href={href}
                      onClick={follow(href)}
                      className="history-link"
                      data-group={group}
                      aria-label={`${count} ${group} from ${formatDateTime(new Date(bucket.start).toISOString())}`}
                    >
                      {bar}
                    </a>
                  );
                })}
              </g>
            );
          })}
        </svg>
        {empty && <p className="history-empty">No runs were due in this period.</p>}
      </div>
      <div className="history-axis" aria-hidden="true">
        <span>{first ? formatDateTime(new Date(first.start).toISOString()) : ''}</span>
        <span>most runs in one bar: {max}</span>
        <span>now</span>
      </div>
      <div className="legend" aria-hidden="true">
        {SUMMARY_GROUPS.map((group) => (
          <span key={group} className={`legend-item tone-${SUMMARY_TONES[group]}`}>
            <span className="legend-swatch" />
            {group}
          </span>
        ))}
      </div>
    </div>
  );
}

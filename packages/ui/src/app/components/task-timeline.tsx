import { useId } from 'react';
import type { TaskRun } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { formatDuration } from '../lib/format.js';
import { layoutTimeline } from '../lib/timeline.js';
import { EmptyState } from './empty-state.js';
import { DateTime } from './time-ago.js';

/**
 * When each task run ran, as a Gantt chart in execution order. Re-rendered with the run's live
 * updates, running bars grow to now. Each row's name opens that task run.
 */
export function TaskTimeline({
  taskRuns,
  labelOf,
  onOpen,
}: {
  taskRuns: readonly TaskRun[];
  labelOf(taskRun: TaskRun): string;
  onOpen(taskRunId: string): void;
}) {
  const { states } = useSession();
  const id = useId();
  const timeline = layoutTimeline(taskRuns);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Timeline</h2>
        <span className="muted">
          {timeline.start ? (
            <>
              from <DateTime iso={timeline.start} /> · {formatDuration(timeline.span)}
            </>
          ) : (
            'no task has started yet'
          )}
        </span>
      </div>
      {taskRuns.length === 0 ? (
        <EmptyState compact title="No task runs" />
      ) : (
        <ol className="gantt" data-testid="task-timeline" aria-label="Task runs in the order they started">
          {timeline.bars.map((bar) => {
            const label = labelOf(bar.taskRun);
            const when =
              bar.seconds === null
                ? 'not started'
                : `${formatDuration(bar.seconds)}${bar.open ? ' so far' : ''}`;
            return (
              <li
                key={bar.taskRun.id}
                className={`gantt-row tone-${states.tone(bar.taskRun.state)}`}
                data-task-run={bar.taskRun.id}
                data-state={bar.taskRun.state}
              >
                <button
                  type="button"
                  className="gantt-label link-button"
                  onClick={() => onOpen(bar.taskRun.id)}
                  title={label}
                >
                  {label}
                </button>
                <span className="gantt-track">
                  {bar.seconds !== null && (
                    <span
                      className={`gantt-bar${bar.open ? ' is-open' : ''}`}
                      style={{
                        left: `${(bar.offset * 100).toFixed(3)}%`,
                        width: `max(3px, ${(bar.length * 100).toFixed(3)}%)`,
                      }}
                    />
                  )}
                </span>
                <span className="gantt-when">
                  <span className="visually-hidden">{bar.taskRun.state}, </span>
                  {when}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

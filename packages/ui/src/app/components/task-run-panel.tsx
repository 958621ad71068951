import { Dialog } from 'radix-ui';
import type { RefObject } from 'react';
import { TASK_RUN_QUERY } from '../api/documents.js';
import type { Edge, TaskRunDetail } from '../api/types.js';
import { useApiQuery } from '../api/use-api.js';
import { useSession } from '../auth/session.js';
import { formatDuration } from '../lib/format.js';
import { inputsSummary, resultLocation } from '../lib/task-run-details.js';
import { CachedFromRun } from './cached-from-run.js';
import { ErrorNotice } from './error-notice.js';
import { Loading } from './loading.js';
import { LogsPanel } from './logs-panel.js';
import { StateBadge } from './state-badge.js';
import { StateHistory } from './state-history.js';
import { DateTime } from './time-ago.js';

const LIVE_REFRESH_MS = 1500;

/**
 * One task run, in a panel over the run page: its state history, attempts, inputs, where its
 * result is, and its own logs. A dialog: Escape or Close shuts it and focus goes back.
 */
export function TaskRunPanel({
  taskRunId,
  runName,
  label,
  edges,
  taskNames,
  onClose,
  returnFocusTo,
}: {
  taskRunId: string;
  runName: string;
  /** The task run's name as the run page shows it, e.g. `double[3]`. */
  label: string;
  edges: readonly Edge[];
  taskNames: ReadonlyMap<string, string>;
  onClose(): void;
  /** The control that opened the panel; focus goes back to it on close (when it is still there). */
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="drawer"
          data-testid="task-run-panel"
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            const target = returnFocusTo?.current;
            if (!target?.isConnected) return;
            event.preventDefault();
            target.focus();
          }}
        >
          <div className="drawer-header">
            <Dialog.Title>{label}</Dialog.Title>
            <Dialog.Close className="btn btn-small">Close</Dialog.Close>
          </div>
          <TaskRunBody
            taskRunId={taskRunId}
            runName={runName}
            label={label}
            edges={edges}
            taskNames={taskNames}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function TaskRunBody({
  taskRunId,
  runName,
  label,
  edges,
  taskNames,
}: {
  taskRunId: string;
  runName: string;
  label: string;
  edges: readonly Edge[];
  taskNames: ReadonlyMap<string, string>;
}) {
  const { states } = useSession();
  const query = useApiQuery<{ taskRun: TaskRunDetail | null }>(
    ['taskRun', taskRunId],
    TASK_RUN_QUERY,
    { id: taskRunId },
    {
      refetchInterval: (current) => {
        const state = current.state.data?.taskRun?.state;
        return state && states.isFinished(state) ? false : LIVE_REFRESH_MS;
      },
    },
  );
  if (query.isPending) return <Loading what="Loading the task run…" />;
  if (query.error && !query.data)
    return <ErrorNotice error={query.error} title="The task run could not be loaded" />;
  const taskRun = query.data?.taskRun;
  if (!taskRun)
    return <ErrorNotice title="No such task run">This task run does not exist in this run.</ErrorNotice>;
  const result = resultLocation(taskRun.serializedState);
  const inputs = inputsSummary(
    taskRun.taskId,
    edges,
    taskNames,
    taskRun.states.map((record) => record.serializedState),
  );
  const attempts = taskRun.task.maxRetries + 1;
  return (
    <div className="drawer-body stack">
      <dl className="details" data-testid="task-run-details">
        <dt>State</dt>
        <dd>
          <StateBadge state={taskRun.state} />{' '}
          {taskRun.stateMessage && <span className="message-text">{taskRun.stateMessage}</span>}
        </dd>
        {taskRun.cachedFromFlowRunId && (
          <>
            <dt>Cached from</dt>
            <dd>
              <CachedFromRun flowRunId={taskRun.cachedFromFlowRunId} lead="" />
            </dd>
          </>
        )}
        {taskRun.cacheKey && (
          <>
            <dt>Cache key</dt>
            <dd className="mono" data-testid="task-run-cache-key">
              {taskRun.cacheKey}
            </dd>
          </>
        )}
        <dt>Started</dt>
        <dd>
          <DateTime iso={taskRun.startTime} fallback="not yet" />
        </dd>
        <dt>Ended</dt>
        <dd>
          <DateTime iso={taskRun.endTime} fallback="not yet" />
        </dd>
        <dt>Duration</dt>
        <dd>{formatDuration(taskRun.duration)}</dd>
        <dt>Attempts</dt>
        <dd data-testid="task-run-attempts">
          {taskRun.runCount} of {attempts} allowed
          {taskRun.task.maxRetries > 0 && taskRun.task.retryDelay != null
            ? ` (retries ${formatDuration(taskRun.task.retryDelay)} apart)`
            : ''}
        </dd>
        <dt>Task</dt>
        <dd className="mono">
          {taskRun.task.slug}
          {taskRun.mapIndex >= 0 ? ` · map index ${taskRun.mapIndex}` : ''}
        </dd>
      </dl>
      <section aria-label="Inputs">
        <h3>Inputs</h3>
        {inputs.length === 0 ? (
          <p className="muted">No inputs from other tasks.</p>
        ) : (
          <ul className="input-list" data-testid="task-run-inputs">
            {inputs.map((input) => (
              <li key={`${input.key}-${input.from}`}>
                <span className="mono">{input.key ?? '(runs after)'}</span> ← {input.from}
                {input.mapped ? ' (mapped)' : ''}
                {input.value !== null && <span className="mono muted"> = {input.value}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Result">
        <h3>Result</h3>
        <p data-testid="task-run-result" className="message-text">
          {result.kind === 'none'
            ? 'No result stored: the task is not checkpointed, or has not finished.'
            : result.kind === 'inline'
              ? `In the state (${result.handler}, ${result.bytes} bytes): `
              : `${result.handler}: `}
          {result.kind === 'inline' && <code>{result.preview}</code>}
          {result.kind === 'stored' && <code>{result.location}</code>}
        </p>
      </section>
      <section aria-label="State history">
        <h3>State history</h3>
        <StateHistory records={taskRun.states} testId="task-run-states" />
      </section>
      <LogsPanel
        flowRunId={taskRun.flowRunId}
        runName={`${runName}-${label}`}
        live={!states.isFinished(taskRun.state)}
        taskRuns={[]}
        fixedTaskRunId={taskRun.id}
      />
    </div>
  );
}

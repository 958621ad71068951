import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  CANCEL_FLOW_RUN,
  FLOW_RUN_QUERY,
  RESUME_FLOW_RUN,
  SET_FLOW_RUN_STATES,
  SET_TASK_RUN_STATES,
} from '../api/documents.js';
import type { FlowRunDetail, TaskRun } from '../api/types.js';
import { useApiQuery, useApiRequest } from '../api/use-api.js';
import { useSession } from '../auth/session.js';
import { CachedFromRun } from '../components/cached-from-run.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice, Notice } from '../components/error-notice.js';
import { Loading } from '../components/loading.js';
import { LogsPanel } from '../components/logs-panel.js';
import { PageHeader } from '../components/page-header.js';
import { ParentRunLink } from '../components/parent-run-link.js';
import { Schematic } from '../components/schematic.js';
import { StateBadge } from '../components/state-badge.js';
import { StateHistory } from '../components/state-history.js';
import { TaskRunPanel } from '../components/task-run-panel.js';
import { TaskTimeline } from '../components/task-timeline.js';
import { DateTime, TimeAgo } from '../components/time-ago.js';
import { failedTaskRuns as failedFirst, failureReason } from '../lib/failure.js';
import { formatDuration } from '../lib/format.js';
import { taskRunsToRestart } from '../lib/restart.js';

const LIVE_REFRESH_MS = 1500;
/** Task runs the table lists before asking to show all (the timeline always has every one). */
const TABLE_ROWS = 100;

/** One flow run, live: state and its history, task runs on the schematic, logs, cancel, restart and resume. */
export function FlowRunPage() {
  const { flowRunId = '' } = useParams();
  const { states } = useSession();
  const run = useApiQuery<{ flowRun: FlowRunDetail | null }>(
    ['flowRun', flowRunId],
    FLOW_RUN_QUERY,
    { id: flowRunId },
    {
      refetchInterval: (query) => {
        const state = query.state.data?.flowRun?.state;
        return state && states.isFinished(state) ? false : LIVE_REFRESH_MS;
      },
    },
  );
  if (run.isPending) return <Loading what="Loading the run…" />;
  if (run.error && !run.data) return <ErrorNotice error={run.error} title="The run could not be loaded" />;
  if (!run.data?.flowRun) {
    return (
      <ErrorNotice title="No such flow run">This run does not exist; it may have been deleted.</ErrorNotice>
    );
  }
  return <FlowRunView run={run.data.flowRun} refreshError={run.error} />;
}

function FlowRunView({ run, refreshError }: { run: FlowRunDetail; refreshError: Error | null }) {
  const { states, api } = useSession();
  const request = useApiRequest();
  const queryClient = useQueryClient();
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'cancel' | 'restart' | 'resume' | null>(null);
  const [searchParams, setSearchParams] = useSearchParams();
  const openTaskRunId = searchParams.get('taskRun');
  const openTaskRun = openTaskRunId
    ? run.taskRuns.find((taskRun) => taskRun.id === openTaskRunId)
    : undefined;
  /** What opened the task-run panel, to give focus back to when it closes. */
  const opener = useRef<HTMLElement | null>(null);
  const setOpenTaskRun = (taskRunId: string | null) => {
    if (taskRunId)
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (taskRunId) next.set('taskRun', taskRunId);
        else next.delete('taskRun');
        return next;
      },
      { preventScrollReset: true },
    );
  };
  const finished = states.isFinished(run.state);
  const failed = states.isA(run.state, 'Failed') || states.isA(run.state, 'ClientFailed');
  const taskNames = new Map(run.flow.tasks.map((task) => [task.id, task.name]));
  const labelOf = (taskRun: TaskRun) => taskLabel(taskRun, taskNames);
  const failedTaskRuns = failedFirst(run.taskRuns, states);
  const pausedTaskRuns = finished ? [] : run.taskRuns.filter((taskRun) => taskRun.state === 'Paused');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['flowRun', run.id] });

  const act = async (kind: 'cancel' | 'restart' | 'resume', work: () => Promise<unknown>) => {
    setBusy(kind);
    setActionError(null);
    try {
      await work();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(null);
      await refresh();
    }
  };

  const cancel = () => act('cancel', () => request(CANCEL_FLOW_RUN, { input: { flowRunId: run.id } }));
  const resume = () => act('resume', () => request(RESUME_FLOW_RUN, { input: { flowRunId: run.id } }));

  const restart = () =>
    act('restart', async () => {
      const message = 'Restarted from failed tasks';
      const reset = taskRunsToRestart(run.taskRuns, states);
      if (reset.length > 0) {
        await request(SET_TASK_RUN_STATES, {
          input: {
            states: reset.map((taskRun) => ({
              taskRunId: taskRun.id,
              version: taskRun.version,
              state: { type: 'Pending', message, __version__: api.coreVersion },
            })),
          },
        });
      }
      await request(SET_FLOW_RUN_STATES, {
        input: {
          states: [
            {
              flowRunId: run.id,
              version: run.version,
              state: {
                type: 'Scheduled',
                message,
                start_time: new Date().toISOString(),
                __version__: api.coreVersion,
              },
            },
          ],
        },
      });
    });

  return (
    <>
      <PageHeader
        title={run.name}
        subtitle={
          <span className="row">
            <StateBadge state={run.state} />
            <span>
              Run of <Link to={`/flows/${run.flow.id}`}>{run.flow.name}</Link> version {run.flow.version}
            </span>
            <ParentRunLink flowRunId={run.id} />
          </span>
        }
        crumbs={[
          { label: 'Projects', to: '/projects' },
          { label: run.flow.project.name, to: `/projects/${run.flow.project.id}` },
          { label: run.flow.name, to: `/flows/${run.flow.id}` },
        ]}
        actions={
          <>
            {failed && (
              <button type="button" className="btn btn-primary" onClick={restart} disabled={busy !== null}>
                {busy === 'restart' ? 'Restarting…' : 'Restart from failed'}
              </button>
            )}
            {pausedTaskRuns.length > 0 && (
              <ConfirmButton
                tone="primary"
                label={busy === 'resume' ? 'Resuming…' : 'Resume'}
                title={`Resume ${run.name}?`}
                description={`${pausedTaskRuns.map(labelOf).join(', ')} ${
                  pausedTaskRuns.length === 1 ? 'is' : 'are'
                } paused, waiting for approval. Resuming runs ${
                  pausedTaskRuns.length === 1 ? 'it' : 'them'
                } and the run goes on: an agent picks it up.`}
                confirmLabel="Resume run"
                cancelLabel="Not yet"
                disabled={busy !== null}
                onConfirm={resume}
              />
            )}
            {!finished && (
              <ConfirmButton
                label={
                  busy === 'cancel'
                    ? 'Cancelling…'
                    : run.state === 'Cancelling'
                      ? 'Cancelling…'
                      : 'Cancel run'
                }
                title={`Cancel ${run.name}?`}
                description={
                  run.state === 'Running'
                    ? 'The run is told to stop: tasks running now are interrupted and marked Cancelled, and no new task starts. Tasks that already finished keep their results.'
                    : 'The run will not start.'
                }
                confirmLabel="Cancel run"
                disabled={busy !== null || run.state === 'Cancelling'}
                onConfirm={cancel}
              />
            )}
          </>
        }
      />
      <div className="stack">
        {Boolean(actionError) && <ErrorNotice error={actionError} title="That did not work" />}
        {refreshError && <ErrorNotice error={refreshError} title="The run could not be refreshed" />}
        {failed && (
          <ErrorNotice title={`This run ended in ${run.state}`}>
            <p data-testid="run-error">{failureReason(run.stateMessage, run.taskRuns, states, labelOf)}</p>
            {failedTaskRuns.length > 1 && (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {failedTaskRuns.map((taskRun) => (
                  <li key={taskRun.id}>
                    <strong>{labelOf(taskRun)}</strong>: {taskRun.stateMessage ?? taskRun.state}
                  </li>
                ))}
              </ul>
            )}
          </ErrorNotice>
        )}
        {run.waitingFor ? (
          <Notice tone="warning" title="Waiting for an agent">
            <p data-testid="waiting-for">
              <WithCode text={run.waitingFor} />
            </p>
            <p>
              <Link to="/agents">See which agents are connected</Link>.
            </p>
          </Notice>
        ) : (
          run.state === 'Scheduled' && (
            <Notice title="Waiting for an agent">
              <p>
                Due <TimeAgo iso={run.stateStartTime ?? run.scheduledStartTime} />. An agent
                {run.labels.length > 0 ? ` with labels ${run.labels.join(', ')}` : ' without labels'} picks it
                up; <Link to="/agents">see which agents are active</Link>.
              </p>
            </Notice>
          )
        )}
        <div className="grid grid-2">
          <RunDetails run={run} />
          <section className="card" aria-labelledby="run-states-title">
            <div className="card-header">
              <h2 id="run-states-title">State history</h2>
            </div>
            <div className="card-body">
              <StateHistory records={run.states} testId="state-timeline" />
            </div>
          </section>
        </div>
        <section className="card" aria-labelledby="run-schematic-title">
          <div className="card-header">
            <h2 id="run-schematic-title">Schematic</h2>
            <span className="muted">Tasks coloured by their run's state</span>
          </div>
          {run.flow.tasks.length === 0 ? (
            <EmptyState compact title="This flow has no tasks" />
          ) : (
            <Schematic
              tasks={run.flow.tasks}
              edges={run.flow.edges}
              taskRuns={run.taskRuns}
              onOpen={setOpenTaskRun}
            />
          )}
        </section>
        <TaskTimeline taskRuns={run.taskRuns} labelOf={labelOf} onOpen={setOpenTaskRun} />
        <TaskRunsTable taskRuns={run.taskRuns} labelOf={labelOf} onOpen={setOpenTaskRun} />
        <LogsPanel
          flowRunId={run.id}
          runName={run.name}
          live={!finished}
          taskRuns={run.taskRuns.map((taskRun) => ({ id: taskRun.id, label: labelOf(taskRun) }))}
        />
      </div>
      {openTaskRun && (
        <TaskRunPanel
          key={openTaskRun.id}
          taskRunId={openTaskRun.id}
          runName={run.name}
          label={labelOf(openTaskRun)}
          edges={run.flow.edges}
          taskNames={taskNames}
          onClose={() => setOpenTaskRun(null)}
          returnFocusTo={opener}
        />
      )}
    </>
  );
}

/** Text with its `backquoted` parts (commands) set as code. */
function WithCode({ text }: { text: string }) {
  const start = text.indexOf('`');
  const end = start < 0 ? -1 : text.indexOf('`', start + 1);
  if (end < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, start)}
      <code>{text.slice(start + 1, end)}</code>
      <WithCode text={text.slice(end + 1)} />
    </>
  );
}

/** A task run by its task's name, with the map index for mapped children, e.g. `double[3]`. */
function taskLabel(taskRun: TaskRun, taskNames: ReadonlyMap<string, string>): string {
  const name = taskRun.name ?? taskNames.get(taskRun.taskId) ?? taskRun.taskSlug;
  return `${name}${taskRun.mapIndex >= 0 ? `[${taskRun.mapIndex}]` : ''}`;
}

function RunDetails({ run }: { run: FlowRunDetail }) {
  const parameters =
    run.parameters && typeof run.parameters === 'object' ? Object.entries(run.parameters) : [];
  return (
    <section className="card" aria-labelledby="run-details-title">
      <div className="card-header">
        <h2 id="run-details-title">Details</h2>
      </div>
      <div className="card-body">
        <dl className="details">
          <dt>State</dt>
          <dd>
            <StateBadge state={run.state} />{' '}
            {run.stateMessage && <span className="muted">{run.stateMessage}</span>}
          </dd>
          <dt>Scheduled</dt>
          <dd>
            <DateTime iso={run.scheduledStartTime} />
          </dd>
          <dt>Started</dt>
          <dd>
            <DateTime iso={run.startTime} fallback="not yet" />
          </dd>
          <dt>Ended</dt>
          <dd>
            <DateTime iso={run.endTime} fallback="not yet" />
          </dd>
          <dt>Duration</dt>
          <dd>{formatDuration(run.duration)}</dd>
          <dt>Agent</dt>
          <dd>
            {run.agent ? (
              `${run.agent.name ?? run.agent.type} (${run.agent.type})`
            ) : (
              <span className="muted">none yet</span>
            )}
          </dd>
          <dt>Heartbeat</dt>
          <dd>
            <TimeAgo iso={run.heartbeat} fallback="none" />
          </dd>
          <dt>Labels</dt>
          <dd>{run.labels.length > 0 ? run.labels.join(', ') : <span className="muted">none</span>}</dd>
          <dt>Parameters</dt>
          <dd>
            {parameters.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              <dl className="details mono" data-testid="run-parameters">
                {parameters.map(([name, value]) => (
                  <div key={name} style={{ display: 'contents' }}>
                    <dt>{name}</dt>
                    <dd>{JSON.stringify(value)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </dd>
        </dl>
      </div>
    </section>
  );
}

function TaskRunsTable({
  taskRuns,
  labelOf,
  onOpen,
}: {
  taskRuns: readonly TaskRun[];
  labelOf(taskRun: TaskRun): string;
  onOpen(taskRunId: string): void;
}) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? taskRuns : taskRuns.slice(0, TABLE_ROWS);
  return (
    <section className="card" aria-labelledby="task-runs-title">
      <div className="card-header">
        <h2 id="task-runs-title">Task runs</h2>
        <span className="muted">{taskRuns.length}</span>
      </div>
      {taskRuns.length === 0 ? (
        <EmptyState compact title="No task runs" />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="task-runs">
            <caption className="visually-hidden">Task runs</caption>
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">State</th>
                <th scope="col" className="hide-narrow">
                  Started
                </th>
                <th scope="col" className="numeric hide-narrow">
                  Duration
                </th>
                <th scope="col" className="numeric hide-narrow">
                  Attempts
                </th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((taskRun) => (
                <tr key={taskRun.id} data-task={taskRun.taskSlug}>
                  <td>
                    <button type="button" className="link-button" onClick={() => onOpen(taskRun.id)}>
                      {labelOf(taskRun)}
                    </button>
                  </td>
                  <td>
                    <StateBadge state={taskRun.state} />
                    {taskRun.cachedFromFlowRunId && (
                      <div className="muted">
                        <CachedFromRun flowRunId={taskRun.cachedFromFlowRunId} />
                      </div>
                    )}
                  </td>
                  <td className="hide-narrow">
                    <DateTime iso={taskRun.startTime} fallback="not yet" />
                  </td>
                  <td className="numeric hide-narrow">{formatDuration(taskRun.duration)}</td>
                  <td className="numeric hide-narrow">{taskRun.runCount}</td>
                  <td className="muted" style={{ overflowWrap: 'anywhere' }}>
                    {taskRun.stateMessage ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown.length < taskRuns.length && (
        <div className="card-body">
          <button type="button" className="btn btn-small" onClick={() => setShowAll(true)}>
            Show all {taskRuns.length} task runs
          </button>
        </div>
      )}
    </section>
  );
}

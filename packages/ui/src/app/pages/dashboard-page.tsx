import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DASHBOARD_QUERY, PROJECTS_QUERY } from '../api/documents.js';
import type { Agent, FlowRunSummary, ProjectSummary } from '../api/types.js';
import { useApiQuery } from '../api/use-api.js';
import { useSession } from '../auth/session.js';
import { AgentsList } from '../components/agents-list.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Loading } from '../components/loading.js';
import { NoAgentMarker } from '../components/no-agent-marker.js';
import { PageHeader } from '../components/page-header.js';
import { RunHistoryChart, SUMMARY_TONES } from '../components/run-history-chart.js';
import { StateBadge } from '../components/state-badge.js';
import { TimeAgo } from '../components/time-ago.js';
import { hasAgentFor, isAgentActive } from '../lib/agents.js';
import { formatRelative } from '../lib/format.js';
import { bucketRuns } from '../lib/run-history.js';
import { runListLink } from '../lib/run-list-query.js';
import { SUMMARY_GROUPS, type SummaryGroup } from '../lib/states.js';

const PERIODS = [
  { id: '1h', label: 'Last hour', ms: 3_600_000, buckets: 12 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000, buckets: 24 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000, buckets: 28 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000, buckets: 30 },
] as const;

const BAR_SPANS: Record<(typeof PERIODS)[number]['id'], string> = {
  '1h': '5 minutes',
  '24h': 'hour',
  '7d': '6 hours',
  '30d': 'day',
};

/** The run list's state choice (see `run-list-query.ts`) for each summary group. */
const GROUP_CHOICES: Record<SummaryGroup, string> = {
  Success: 'success',
  Failed: 'failed',
  Cancelled: 'cancelled',
  Running: 'running',
  Scheduled: 'scheduled',
};

/** A scheduled run this far past due is late. */
const LATE_AFTER_MS = 60_000;
const REFRESH_MS = 10_000;

const DEPLOY_COMMAND = 'headwater deploy ./flows/etl.ts --project "My Project"';

interface Count {
  totalCount: number;
}

interface DashboardData {
  history: { totalCount: number; nodes: { id: string; state: string; scheduledStartTime: string }[] };
  upcoming: { totalCount: number; nodes: FlowRunSummary[] };
  running: { totalCount: number; nodes: FlowRunSummary[] };
  failures: { totalCount: number; nodes: FlowRunSummary[] };
  agents: Agent[];
  flows: Count;
  countSuccess: Count;
  countFailed: Count;
  countCancelled: Count;
  countRunning: Count;
  countScheduled: Count;
}

const STATE_FILTERS: Record<SummaryGroup, Record<string, unknown>> = {
  Success: { stateGroup: 'Success' },
  Failed: { stateGroup: 'Failed' },
  Cancelled: { stateGroup: 'Cancelled' },
  Running: { states: ['Submitted', 'Queued', 'Running', 'Cancelling'] },
  Scheduled: { stateGroup: 'Scheduled' },
};

/** The tenant at a glance: run history, what is due, what failed, and which agents are alive. */
export function DashboardPage() {
  const { states } = useSession();
  // The period and project live in the URL (`/?period=7d&project=…`) so a reload or a link keeps them.
  const [params, setParams] = useSearchParams();
  const period = PERIODS.find((candidate) => candidate.id === params.get('period')) ?? PERIODS[1];
  const periodId = period.id;
  const projectId = params.get('project') ?? '';
  const choose = (key: 'period' | 'project', value: string, fallback: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === fallback) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  // Round the window to whole seconds so the query stays the same between refreshes.
  const until = Math.ceil(now / 1000) * 1000;
  const since = until - period.ms;

  const projects = useApiQuery<{ projects: ProjectSummary[] }>(['projects'], PROJECTS_QUERY);
  const variables = useMemo(() => {
    const scope = projectId ? { projectId } : {};
    const window = {
      scheduledAfter: new Date(since).toISOString(),
      scheduledBefore: new Date(until).toISOString(),
    };
    const counts = Object.fromEntries(
      SUMMARY_GROUPS.map((group) => [`count${group}`, { ...scope, ...window, ...STATE_FILTERS[group] }]),
    );
    return {
      history: { ...scope, ...window },
      upcoming: { ...scope, stateGroup: 'Scheduled' },
      running: { ...scope, ...STATE_FILTERS.Running },
      failures: { ...scope, stateGroup: 'Failed', updatedAfter: new Date(since).toISOString() },
      flows: { ...scope, archived: false },
      ...counts,
    };
  }, [projectId, since, until]);
  const dashboard = useApiQuery<DashboardData>(['dashboard'], DASHBOARD_QUERY, variables, {
    placeholderData: keepPreviousData,
  });

  const buckets = useMemo(
    () => bucketRuns(dashboard.data?.history.nodes ?? [], states, since, until, period.buckets),
    [dashboard.data, states, since, until, period.buckets],
  );

  const data = dashboard.data;
  const noProjects = projects.data?.projects.length === 0;

  return (
    <>
      <PageHeader
        title="Dashboard"
        actions={
          <>
            <label className="visually-hidden" htmlFor="dashboard-project">
              Project
            </label>
            <select
              id="dashboard-project"
              className="input"
              value={projectId}
              onChange={(event) => choose('project', event.target.value, '')}
            >
              <option value="">All projects</option>
              {projects.data?.projects.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </select>
            <label className="visually-hidden" htmlFor="dashboard-period">
              Period
            </label>
            <select
              id="dashboard-period"
              className="input"
              value={periodId}
              onChange={(event) => choose('period', event.target.value, '24h')}
            >
              {PERIODS.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.label}
                </option>
              ))}
            </select>
          </>
        }
      />
      {dashboard.error && <ErrorNotice error={dashboard.error} title="The dashboard could not be loaded" />}
      {!data ? (
        !dashboard.error && <Loading what="Loading the dashboard…" />
      ) : (
        <div className="stack">
          {data.flows.totalCount === 0 && (
            <section className="card">
              <EmptyState
                title={
                  noProjects ? 'Create a project, then deploy your first flow' : 'Deploy your first flow'
                }
                command={DEPLOY_COMMAND}
              >
                <p>
                  {noProjects ? (
                    <>
                      Projects group flows. Create one on the <Link to="/projects">Projects</Link> page or
                      with <code>headwater create project "My Project"</code>, then deploy a flow into it from
                      your own TypeScript project:
                    </>
                  ) : (
                    'Flows are deployed from your own TypeScript project: Headwater builds the image, pushes it to your registry and registers the flow here.'
                  )}
                </p>
              </EmptyState>
            </section>
          )}
          <section aria-labelledby="summary-title">
            <h2 id="summary-title" className="visually-hidden">
              Runs by state, {period.label.toLowerCase()}
            </h2>
            <div className="stat-grid">
              {SUMMARY_GROUPS.map((group) => (
                <div
                  key={group}
                  className={`card stat tone-${SUMMARY_TONES[group]}`}
                  style={{ ['--stat-color' as string]: 'var(--tone)' }}
                  data-testid={`count-${group}`}
                >
                  <div className="value">{data[`count${group}`].totalCount}</div>
                  <div className="label">{group}</div>
                </div>
              ))}
            </div>
          </section>
          <section className="card" aria-labelledby="history-title">
            <div className="card-header">
              <h2 id="history-title">Run history</h2>
              <span className="muted">
                {period.label}
                {data.history.totalCount > data.history.nodes.length &&
                  ` · chart shows the latest ${data.history.nodes.length} of ${data.history.totalCount}`}
              </span>
            </div>
            <div className="card-body">
              <RunHistoryChart
                buckets={buckets}
                label={`Flow runs per ${BAR_SPANS[period.id]}, ${period.label.toLowerCase()}, by state`}
                linkTo={(bucket, group) =>
                  runListLink({
                    from: new Date(bucket.start).toISOString(),
                    to: new Date(bucket.end).toISOString(),
                    state: group ? GROUP_CHOICES[group] : '',
                    project: projectId,
                  })
                }
              />
            </div>
          </section>
          <div className="grid grid-2">
            <UpcomingRuns
              runs={data.upcoming.nodes}
              total={data.upcoming.totalCount}
              agents={data.agents}
              now={now}
            />
            <RecentFailures runs={data.failures.nodes} total={data.failures.totalCount} />
            <InProgress runs={data.running.nodes} total={data.running.totalCount} />
            <AgentsTile agents={data.agents} now={now} />
          </div>
        </div>
      )}
    </>
  );
}

function UpcomingRuns({
  runs,
  total,
  agents,
  now,
}: {
  runs: FlowRunSummary[];
  total: number;
  agents: Agent[];
  now: number;
}) {
  return (
    <section className="card" aria-labelledby="upcoming-title">
      <div className="card-header">
        <h2 id="upcoming-title">Upcoming runs</h2>
        <span className="muted">{total} scheduled</span>
      </div>
      {runs.length === 0 ? (
        <EmptyState compact title="Nothing scheduled">
          <p>Start a run from a flow's page, or give a flow a schedule and turn it on.</p>
        </EmptyState>
      ) : (
        <ul className="list">
          {runs.map((run) => {
            const due = new Date(run.stateStartTime ?? run.scheduledStartTime).getTime();
            const late = now - due > LATE_AFTER_MS;
            // The server explains due runs (labels and storage types); for later ones, labels say enough.
            const noAgent = run.waitingFor === null && due > now && !hasAgentFor(run.labels, agents, now);
            return (
              <li key={run.id}>
                <div style={{ minWidth: 0 }}>
                  <div className="primary">
                    <Link to={`/flow-runs/${run.id}`}>{run.name}</Link>{' '}
                    <span className="muted">· {run.flow.name}</span>
                  </div>
                  <div className="secondary">
                    {late ? (
                      <strong style={{ color: 'var(--color-warning)' }}>
                        Late: due {formatRelative(new Date(due).toISOString(), now)}
                      </strong>
                    ) : (
                      <>Due {formatRelative(new Date(due).toISOString(), now)}</>
                    )}
                    {run.waitingFor && (
                      <>
                        {' · '}
                        <NoAgentMarker reason={run.waitingFor} />
                      </>
                    )}
                    {noAgent && (
                      <>
                        {' · '}
                        <span style={{ color: 'var(--color-warning)' }}>
                          no active agent
                          {run.labels.length > 0
                            ? ` with labels ${run.labels.join(', ')}`
                            : ' without labels'}
                        </span>
                      </>
                    )}
                  </div>
                </div>
                <StateBadge state={run.state} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function RecentFailures({ runs, total }: { runs: FlowRunSummary[]; total: number }) {
  return (
    <section className="card" aria-labelledby="failures-title">
      <div className="card-header">
        <h2 id="failures-title">Recent failures</h2>
        <span className="muted">{total} in this period</span>
      </div>
      {runs.length === 0 ? (
        <EmptyState compact title="No failed runs">
          <p>Runs that fail in this period show up here with their error.</p>
        </EmptyState>
      ) : (
        <ul className="list">
          {runs.map((run) => (
            <li key={run.id}>
              <div style={{ minWidth: 0 }}>
                <div className="primary">
                  <Link to={`/flow-runs/${run.id}`}>{run.name}</Link>{' '}
                  <span className="muted">· {run.flow.name}</span>
                </div>
                <div className="secondary">
                  <span className="run-failure">{run.failure ?? run.stateMessage ?? 'No message'}</span> ·{' '}
                  <TimeAgo iso={run.updated} />
                </div>
              </div>
              <StateBadge state={run.state} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function InProgress({ runs, total }: { runs: FlowRunSummary[]; total: number }) {
  return (
    <section className="card" aria-labelledby="running-title">
      <div className="card-header">
        <h2 id="running-title">In progress</h2>
        <span className="muted">{total} running</span>
      </div>
      {runs.length === 0 ? (
        <EmptyState compact title="Nothing running right now" />
      ) : (
        <ul className="list">
          {runs.map((run) => (
            <li key={run.id}>
              <div style={{ minWidth: 0 }}>
                <div className="primary">
                  <Link to={`/flow-runs/${run.id}`}>{run.name}</Link>{' '}
                  <span className="muted">· {run.flow.name}</span>
                </div>
                <div className="secondary">
                  Started <TimeAgo iso={run.startTime} fallback="not yet" />
                </div>
              </div>
              <StateBadge state={run.state} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AgentsTile({ agents, now }: { agents: Agent[]; now: number }) {
  return (
    <section className="card" aria-labelledby="agents-title">
      <div className="card-header">
        <h2 id="agents-title">
          <Link to="/agents">Agents</Link>
        </h2>
        <span className="muted">{agents.filter((agent) => isAgentActive(agent, now)).length} active</span>
      </div>
      {agents.length === 0 ? (
        <EmptyState
          compact
          title="No agent has connected yet"
          command="headwater agent start docker --token <RUNNER token>"
        >
          <p>
            Agents run your flows. Create a RUNNER token in the account menu, then start one where your flows
            should run:
          </p>
        </EmptyState>
      ) : (
        <AgentsList agents={agents} now={now} />
      )}
    </section>
  );
}

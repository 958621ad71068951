import { keepPreviousData } from '@tanstack/react-query';
import { Tabs } from 'radix-ui';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  FLOW_HEALTH_QUERY,
  FLOW_QUERY,
  FLOW_RUNS_QUERY,
  SET_SCHEDULE_ACTIVE,
  SET_SCHEDULE_INACTIVE,
} from '../api/documents.js';
import type { Connection, FlowDetail, FlowHealth, FlowRunSummary, Task } from '../api/types.js';
import { useApiQuery } from '../api/use-api.js';
import { useFlowChange } from '../api/use-flow-change.js';
import { ChangeFeedback } from '../components/change-feedback.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice, Notice } from '../components/error-notice.js';
import { FlowHealthSummary } from '../components/flow-health.js';
import { FlowRunsTable } from '../components/flow-runs-table.js';
import { FlowSettings } from '../components/flow-settings.js';
import { LabelList } from '../components/label-list.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import { Pager } from '../components/pager.js';
import { RunFilters } from '../components/run-filters.js';
import { RunFlowDialog } from '../components/run-flow-dialog.js';
import { Schematic } from '../components/schematic.js';
import { DateTime, TimeAgo } from '../components/time-ago.js';
import { effectiveParameters } from '../lib/flow-group.js';
import { formatJson } from '../lib/format.js';
import {
  isFiltered,
  type RunListQuery,
  readRunListQuery,
  runListFilter,
  runListParams,
} from '../lib/run-list-query.js';
import { describeSchedule } from '../lib/schedule.js';
import { useCursorPage } from '../lib/use-cursor-page.js';

interface FlowRunsData {
  flowRuns: Connection<FlowRunSummary>;
}

const TABS = ['overview', 'schematic', 'runs', 'versions', 'settings'] as const;

/**
 * One flow version: details, schedule and next runs, parameters, the task graph, runs, versions
 * and its flow group's settings.
 */
export function FlowPage() {
  const { flowId = '' } = useParams();
  const flow = useApiQuery<{ flow: FlowDetail | null }>(['flow', flowId], FLOW_QUERY, { id: flowId });
  if (flow.isPending) return <Loading what="Loading the flow…" />;
  if (flow.error) return <ErrorNotice error={flow.error} title="The flow could not be loaded" />;
  if (!flow.data.flow)
    return (
      <ErrorNotice title="No such flow">This flow does not exist; it may have been deleted.</ErrorNotice>
    );
  return <FlowView flow={flow.data.flow} />;
}

function FlowView({ flow }: { flow: FlowDetail }) {
  const latest = flow.versions.find((version) => !version.archived) ?? flow.versions[0];
  const [search, setSearch] = useSearchParams();
  const requested = search.get('tab');
  const tab = TABS.find((name) => name === requested) ?? 'overview';
  const description = flow.flowGroup.description ?? flow.description;
  const runnable = {
    ...flow,
    parameters: effectiveParameters(flow.parameters, flow.flowGroup.defaultParameters),
  };
  return (
    <>
      <PageHeader
        title={flow.name}
        subtitle={
          <>
            Version {flow.version} · registered <TimeAgo iso={flow.created} />
            {description ? ` · ${description}` : ''}
          </>
        }
        crumbs={[
          { label: 'Projects', to: '/projects' },
          { label: flow.project.name, to: `/projects/${flow.project.id}` },
        ]}
        actions={<RunFlowDialog flow={runnable} />}
      />
      {flow.archived && (
        <div style={{ marginBottom: 16 }}>
          <Notice tone="warning" title="This version is archived">
            <p>
              It takes no new runs.{' '}
              {latest && latest.id !== flow.id && (
                <>
                  The current version is <Link to={`/flows/${latest.id}`}>version {latest.version}</Link>.
                </>
              )}
            </p>
          </Notice>
        </div>
      )}
      <Tabs.Root
        value={tab}
        onValueChange={(value) => setSearch(value === 'overview' ? {} : { tab: value }, { replace: true })}
      >
        <Tabs.List className="tabs-list" aria-label="Flow sections">
          <Tabs.Trigger className="tabs-trigger" value="overview">
            Overview
          </Tabs.Trigger>
          <Tabs.Trigger className="tabs-trigger" value="schematic">
            Schematic
          </Tabs.Trigger>
          <Tabs.Trigger className="tabs-trigger" value="runs">
            Runs
          </Tabs.Trigger>
          <Tabs.Trigger className="tabs-trigger" value="versions">
            Versions ({flow.versions.length})
          </Tabs.Trigger>
          <Tabs.Trigger className="tabs-trigger" value="settings">
            Settings
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="overview">
          <div className="stack">
            <div className="grid grid-2">
              <FlowDetails flow={flow} />
              <ScheduleCard flow={flow} />
            </div>
            <HealthCard flow={flow} />
            <ParametersCard flow={flow} />
          </div>
        </Tabs.Content>
        <Tabs.Content value="schematic">
          <div className="stack">
            <section className="card" aria-labelledby="schematic-title">
              <div className="card-header">
                <h2 id="schematic-title">Task graph</h2>
                <span className="muted">
                  {flow.tasks.length} tasks · {flow.edges.length} edges
                </span>
              </div>
              {flow.tasks.length === 0 ? (
                <EmptyState compact title="This flow has no tasks" />
              ) : (
                <Schematic tasks={flow.tasks} edges={flow.edges} />
              )}
            </section>
            <TasksTable tasks={flow.tasks} />
          </div>
        </Tabs.Content>
        <Tabs.Content value="runs">
          <FlowRunsCard flow={flow} />
        </Tabs.Content>
        <Tabs.Content value="versions">
          <section className="card" aria-label="Versions">
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Versions of {flow.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Status</th>
                    <th scope="col">Registered</th>
                  </tr>
                </thead>
                <tbody>
                  {flow.versions.map((version) => (
                    <tr key={version.id} className={version.archived ? 'is-muted' : undefined}>
                      <td>
                        {version.id === flow.id ? (
                          <strong>Version {version.version} (this page)</strong>
                        ) : (
                          <Link to={`/flows/${version.id}`}>Version {version.version}</Link>
                        )}
                      </td>
                      <td>{version.archived ? 'archived' : 'current'}</td>
                      <td>
                        <DateTime iso={version.created} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </Tabs.Content>
        <Tabs.Content value="settings">
          <FlowSettings key={flow.id} flow={flow} />
        </Tabs.Content>
      </Tabs.Root>
    </>
  );
}

function describeStorage(storage: unknown): string {
  if (!storage || typeof storage !== 'object') return 'none';
  const value = storage as Record<string, unknown>;
  if (value.type === 'Docker') {
    const image = [value.registry_url, value.image_name].filter(Boolean).join('/');
    return `Docker image ${image || '?'}${value.image_tag ? `:${String(value.image_tag)}` : ''}`;
  }
  if (value.type === 'Local' && typeof value.directory === 'string')
    return `Local directory ${value.directory}`;
  return String(value.type ?? 'unknown');
}

function describeEnvironment(environment: unknown): string {
  if (!environment || typeof environment !== 'object') return 'default';
  const value = environment as Record<string, unknown>;
  return [value.type, value.executor ? `executor ${String(value.executor)}` : null]
    .filter(Boolean)
    .join(', ');
}

function FlowDetails({ flow }: { flow: FlowDetail }) {
  return (
    <section className="card" aria-labelledby="details-title">
      <div className="card-header">
        <h2 id="details-title">Details</h2>
      </div>
      <div className="card-body">
        <dl className="details">
          <dt>Project</dt>
          <dd>
            <Link to={`/projects/${flow.project.id}`}>{flow.project.name}</Link>
          </dd>
          <dt>Version</dt>
          <dd>{flow.version}</dd>
          <dt>Labels</dt>
          <dd>
            <LabelList labels={flow.labels} none="none (any agent without labels runs it)" />
            {flow.flowGroup.labels !== null && (
              <div className="muted">
                New runs get the group's instead: <LabelList labels={flow.flowGroup.labels} />
              </div>
            )}
          </dd>
          <dt>Storage</dt>
          <dd className="mono">{describeStorage(flow.storage)}</dd>
          <dt>Environment</dt>
          <dd className="mono">{describeEnvironment(flow.environment)}</dd>
          <dt>Built with</dt>
          <dd>{flow.coreVersion ? `core ${flow.coreVersion}` : '—'}</dd>
          <dt>Version group</dt>
          <dd className="mono">{flow.versionGroupId}</dd>
        </dl>
      </div>
    </section>
  );
}

function ScheduleCard({ flow }: { flow: FlowDetail }) {
  const groupSchedule = describeSchedule(flow.flowGroup.schedule);
  const schedule = groupSchedule ?? describeSchedule(flow.schedule);
  const next = useApiQuery<FlowRunsData>(
    ['flowRuns', 'next', flow.versionGroupId],
    FLOW_RUNS_QUERY,
    {
      filter: { versionGroupId: flow.versionGroupId, stateGroup: 'Scheduled' },
      orderBy: 'SCHEDULED_START_TIME_ASC',
      first: 5,
    },
    { refetchInterval: 15_000 },
  );
  const toggle = useFlowChange(flow.isScheduleActive ? SET_SCHEDULE_INACTIVE : SET_SCHEDULE_ACTIVE, flow.id);
  return (
    <section className="card" aria-labelledby="schedule-title">
      <div className="card-header">
        <h2 id="schedule-title">Schedule</h2>
        {schedule && !flow.archived && (
          <button
            type="button"
            className="btn btn-small"
            disabled={toggle.pending}
            onClick={() => toggle.change({ flowId: flow.id })}
          >
            {flow.isScheduleActive ? 'Turn schedule off' : 'Turn schedule on'}
          </button>
        )}
      </div>
      <div className="card-body">
        {!schedule ? (
          <p className="muted">
            No schedule: this flow runs only when started. Give it one in code and deploy again, or set a
            group schedule under Settings.
          </p>
        ) : (
          <>
            <p>
              {schedule.join('; ')} · <strong>{flow.isScheduleActive ? 'on' : 'off'}</strong>
            </p>
            {groupSchedule && (
              <p className="muted">The group schedule (see Settings) overrides the flow's own.</p>
            )}
            <ChangeFeedback change={toggle} failed="The schedule was not changed" />
          </>
        )}
        <h3 style={{ margin: '12px 0 6px' }}>Next runs</h3>
        {next.error ? (
          <ErrorNotice error={next.error} />
        ) : next.data && next.data.flowRuns.nodes.length > 0 ? (
          <ul className="list" style={{ margin: '0 -16px -16px' }}>
            {next.data.flowRuns.nodes.map((run) => (
              <li key={run.id}>
                <Link to={`/flow-runs/${run.id}`}>{run.name}</Link>
                <span className="muted">
                  <DateTime iso={run.stateStartTime ?? run.scheduledStartTime} withZone /> (
                  <TimeAgo iso={run.stateStartTime ?? run.scheduledStartTime} />)
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{next.isPending ? 'Loading…' : 'None scheduled.'}</p>
        )}
      </div>
    </section>
  );
}

function ParametersCard({ flow }: { flow: FlowDetail }) {
  return (
    <section className="card" aria-labelledby="parameters-title">
      <div className="card-header">
        <h2 id="parameters-title">Parameters</h2>
      </div>
      {flow.parameters.length === 0 ? (
        <EmptyState compact title="No parameters">
          <p>This flow runs the same way every time.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Parameters of {flow.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Required</th>
                <th scope="col">Default</th>
              </tr>
            </thead>
            <tbody>
              {flow.parameters.map((parameter) => (
                <tr key={parameter.name}>
                  <td className="mono">{parameter.name}</td>
                  <td>{parameter.required ? 'yes' : 'no'}</td>
                  <td className="mono">{parameter.default == null ? '—' : formatJson(parameter.default)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TasksTable({ tasks }: { tasks: readonly Task[] }) {
  if (tasks.length === 0) return null;
  return (
    <section className="card" aria-labelledby="tasks-title">
      <div className="card-header">
        <h2 id="tasks-title">Tasks</h2>
      </div>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Tasks</caption>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col" className="hide-narrow">
                Slug
              </th>
              <th scope="col">Retries</th>
              <th scope="col" className="hide-narrow">
                Trigger
              </th>
              <th scope="col">Tags</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id}>
                <td>
                  {task.name}
                  {task.mapped && <span className="muted"> (mapped)</span>}
                  {task.isReferenceTask && <span className="muted"> · reference</span>}
                </td>
                <td className="hide-narrow mono">{task.slug}</td>
                <td>
                  {task.maxRetries > 0
                    ? `${task.maxRetries}${task.retryDelay ? ` every ${task.retryDelay} s` : ''}`
                    : 'none'}
                </td>
                <td className="hide-narrow mono">
                  {(task.trigger ?? 'allSuccessful').replace(/^headwater\.triggers\./, '')}
                </td>
                <td>
                  <span className="row">
                    {task.tags.map((tag) => (
                      <span className="tag" key={tag}>
                        {tag}
                      </span>
                    ))}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const RUNS_PAGE = 25;

function FlowRunsCard({ flow }: { flow: FlowDetail }) {
  const [params, setParams] = useSearchParams();
  const query = readRunListQuery(params);
  const page = useCursorPage(RUNS_PAGE);
  const [now, setNow] = useState(() => Date.now());
  const runs = useApiQuery<{ flowRuns: Connection<FlowRunSummary> }>(
    ['flowRuns', 'group', flow.versionGroupId],
    FLOW_RUNS_QUERY,
    {
      filter: {
        ...runListFilter({ ...query, flow: '', project: '' }, now),
        versionGroupId: flow.versionGroupId,
      },
      orderBy: 'SCHEDULED_START_TIME_DESC',
      first: RUNS_PAGE,
      after: page.after,
    },
    { refetchInterval: 5_000, placeholderData: keepPreviousData },
  );
  const onChange = (next: RunListQuery) => {
    setNow(Date.now());
    const nextParams = runListParams({ ...next, flow: '', project: '' });
    nextParams.set('tab', 'runs');
    setParams(nextParams, { replace: true });
  };
  return (
    <div className="stack">
      <RunFilters query={query} onChange={onChange} showFlow={false} />
      <section className="card" aria-labelledby="runs-title">
        <div className="card-header">
          <h2 id="runs-title">Runs of every version</h2>
          {runs.data && <span className="muted">{runs.data.flowRuns.totalCount} in total</span>}
        </div>
        {runs.isPending ? (
          <Loading />
        ) : runs.error ? (
          <div className="card-body">
            <ErrorNotice error={runs.error} />
          </div>
        ) : runs.data.flowRuns.nodes.length === 0 ? (
          <EmptyState compact title={isFiltered(query) ? 'No runs match these filters' : 'No runs yet'}>
            <p>
              Press “Run” to start one now
              {flow.schedule || flow.flowGroup.schedule ? ', or turn the schedule on' : ''}.
            </p>
          </EmptyState>
        ) : (
          <>
            <FlowRunsTable
              runs={runs.data.flowRuns.nodes}
              showFlow={false}
              caption={`Runs of ${flow.name}`}
            />
            <Pager
              label={`Runs of ${flow.name}`}
              page={page}
              shown={runs.data.flowRuns.nodes.length}
              total={runs.data.flowRuns.totalCount}
              endCursor={runs.data.flowRuns.pageInfo.endCursor}
              hasNextPage={runs.data.flowRuns.pageInfo.hasNextPage}
            />
          </>
        )}
      </section>
    </div>
  );
}

function HealthCard({ flow }: { flow: FlowDetail }) {
  const health = useApiQuery<{ flow: { health: FlowHealth } | null }>(
    ['flowHealth', flow.id],
    FLOW_HEALTH_QUERY,
    { id: flow.id },
    { refetchInterval: 15_000 },
  );
  return (
    <section className="card" aria-labelledby="health-title">
      <div className="card-header">
        <h2 id="health-title">Health</h2>
        <span className="muted">last 20 finished runs of every version</span>
      </div>
      <div className="card-body">
        {health.error ? (
          <ErrorNotice error={health.error} />
        ) : health.data?.flow ? (
          <FlowHealthSummary health={health.data.flow.health} flowName={flow.name} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </div>
    </section>
  );
}

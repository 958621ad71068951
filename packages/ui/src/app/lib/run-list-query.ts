/** The run list's filters as the URL keeps them (`/flow-runs?q=…&state=failed&range=1h`). */
export interface RunListQuery {
  /** Text in the run's or its flow's name. */
  search: string;
  /** One of {@link STATE_CHOICES}' ids; '' for any. */
  state: string;
  /** A flow's version group ('' for any flow). */
  flow: string;
  project: string;
  labels: string[];
  /** One of {@link RANGES}' ids, '' for all time, or 'custom' for `from`/`to`. */
  range: string;
  /** ISO times of a custom range (due at or after `from`, before `to`). */
  from: string;
  to: string;
}

export const STATE_CHOICES: { id: string; label: string; filter: Record<string, unknown> }[] = [
  {
    id: 'running',
    label: 'In progress',
    filter: { states: ['Submitted', 'Queued', 'Running', 'Cancelling'] },
  },
  { id: 'scheduled', label: 'Scheduled', filter: { stateGroup: 'Scheduled' } },
  { id: 'success', label: 'Succeeded', filter: { stateGroup: 'Success' } },
  { id: 'failed', label: 'Failed', filter: { stateGroup: 'Failed' } },
  { id: 'cancelled', label: 'Cancelled', filter: { stateGroup: 'Cancelled' } },
];

export const RANGES: { id: string; label: string; ms: number }[] = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
];

/** The URL parameters of a query, in a stable order; the cursor (`after`) is not one of them. */
const KEYS = {
  search: 'q',
  state: 'state',
  flow: 'flow',
  project: 'project',
  range: 'range',
  from: 'from',
  to: 'to',
} as const;

export function readRunListQuery(params: URLSearchParams): RunListQuery {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    search: params.get(KEYS.search) ?? '',
    state: STATE_CHOICES.some((choice) => choice.id === params.get(KEYS.state))
      ? params.get(KEYS.state)!
      : '',
    flow: params.get(KEYS.flow) ?? '',
    project: params.get(KEYS.project) ?? '',
    labels: params.getAll('label').filter(Boolean),
    range:
      from || to
        ? 'custom'
        : RANGES.some((range) => range.id === params.get(KEYS.range))
          ? params.get(KEYS.range)!
          : '',
    from,
    to,
  };
}

/** URL parameters for `query` (empty fields left out). */
export function runListParams(query: Partial<RunListQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.search?.trim()) params.set(KEYS.search, query.search.trim());
  if (query.state) params.set(KEYS.state, query.state);
  if (query.flow) params.set(KEYS.flow, query.flow);
  if (query.project) params.set(KEYS.project, query.project);
  for (const label of query.labels ?? []) params.append('label', label);
  if (query.range === 'custom' || query.from || query.to) {
    if (query.from) params.set(KEYS.from, query.from);
    if (query.to) params.set(KEYS.to, query.to);
  } else if (query.range) params.set(KEYS.range, query.range);
  return params;
}

/** A link to the run list filtered by `query`. */
export function runListLink(query: Partial<RunListQuery>): string {
  const params = runListParams(query).toString();
  return params ? `/flow-runs?${params}` : '/flow-runs';
}

/** The API's `FlowRunFilter` for `query`, a relative range counted back from `now`. */
export function runListFilter(query: RunListQuery, now: number): Record<string, unknown> {
  const range = RANGES.find((candidate) => candidate.id === query.range);
  return {
    ...(query.search.trim() ? { search: query.search.trim() } : {}),
    ...(STATE_CHOICES.find((choice) => choice.id === query.state)?.filter ?? {}),
    ...(query.flow ? { versionGroupId: query.flow } : {}),
    ...(query.project ? { projectId: query.project } : {}),
    ...(query.labels.length ? { labels: query.labels } : {}),
    ...(range ? { scheduledAfter: new Date(now - range.ms).toISOString() } : {}),
    ...(query.range === 'custom' && isTime(query.from) ? { scheduledAfter: query.from } : {}),
    ...(query.range === 'custom' && isTime(query.to) ? { scheduledBefore: query.to } : {}),
  };
}

function isTime(value: string): boolean {
  return value !== '' && !Number.isNaN(Date.parse(value));
}

/** Whether any filter is set. */
export function isFiltered(query: RunListQuery): boolean {
  return runListParams(query).size > 0;
}

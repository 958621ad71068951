import { useId } from 'react';
import { FLOW_CHOICES_QUERY } from '../api/documents.js';
import { useApiQuery } from '../api/use-api.js';
import { formatDateTime } from '../lib/format.js';
import { RANGES, type RunListQuery, STATE_CHOICES } from '../lib/run-list-query.js';
import { useSettledText } from '../lib/use-settled-text.js';

interface Choices {
  flows: {
    nodes: { id: string; name: string; versionGroupId: string; project: { id: string; name: string } }[];
  };
  projects: { id: string; name: string }[];
}

/** Search and filters of a run list: name, state, flow, project, labels and when runs were due. */
export function RunFilters({
  query,
  onChange,
  showFlow = true,
}: {
  query: RunListQuery;
  onChange(next: RunListQuery): void;
  /** False on a flow's own page, where the flow is given. */
  showFlow?: boolean;
}) {
  const id = useId();
  const choices = useApiQuery<Choices>(['flowChoices'], FLOW_CHOICES_QUERY, undefined, { staleTime: 30_000 });
  const [search, setSearch] = useSettledText(query.search, (text) => onChange({ ...query, search: text }));
  const [labels, setLabels] = useSettledText(query.labels.join(', '), (text) =>
    onChange({
      ...query,
      labels: text
        .split(',')
        .map((label) => label.trim())
        .filter(Boolean),
    }),
  );
  const set = (patch: Partial<RunListQuery>) => onChange({ ...query, ...patch });
  return (
    <search className="filters" aria-label="Filter runs">
      <div className="field filter-search">
        <label htmlFor={`${id}-q`}>Search</label>
        <input
          id={`${id}-q`}
          type="search"
          className="input"
          placeholder="Run or flow name"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-state`}>State</label>
        <select
          id={`${id}-state`}
          className="input"
          value={query.state}
          onChange={(event) => set({ state: event.target.value })}
        >
          <option value="">Any state</option>
          {STATE_CHOICES.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      {showFlow && (
        <>
          <div className="field">
            <label htmlFor={`${id}-flow`}>Flow</label>
            <select
              id={`${id}-flow`}
              className="input"
              value={query.flow}
              onChange={(event) => set({ flow: event.target.value })}
            >
              <option value="">Any flow</option>
              {choices.data?.flows.nodes
                .filter((flow) => !query.project || flow.project.id === query.project)
                .map((flow) => (
                  <option key={flow.versionGroupId} value={flow.versionGroupId}>
                    {flow.name} ({flow.project.name})
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-project`}>Project</label>
            <select
              id={`${id}-project`}
              className="input"
              value={query.project}
              onChange={(event) => set({ project: event.target.value })}
            >
              <option value="">Any project</option>
              {choices.data?.projects.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor={`${id}-labels`}>Labels</label>
        <input
          id={`${id}-labels`}
          className="input"
          placeholder="prod, eu"
          value={labels}
          onChange={(event) => setLabels(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-range`}>Due</label>
        <select
          id={`${id}-range`}
          className="input"
          value={query.range}
          onChange={(event) => set({ range: event.target.value, from: '', to: '' })}
        >
          <option value="">Any time</option>
          {RANGES.map((range) => (
            <option key={range.id} value={range.id}>
              {range.label}
            </option>
          ))}
          {query.range === 'custom' && (
            <option value="custom">
              {formatDateTime(query.from || null)} – {formatDateTime(query.to || null)}
            </option>
          )}
        </select>
      </div>
    </search>
  );
}

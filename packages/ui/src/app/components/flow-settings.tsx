import { type FormEvent, useId, useState } from 'react';
import {
  DISABLE_FLOW_HEARTBEAT,
  DISABLE_FLOW_LAZARUS_PROCESS,
  ENABLE_FLOW_HEARTBEAT,
  ENABLE_FLOW_LAZARUS_PROCESS,
  SET_FLOW_GROUP_DEFAULT_PARAMETERS,
  SET_FLOW_GROUP_DESCRIPTION,
  SET_FLOW_GROUP_LABELS,
} from '../api/documents.js';
import type { FlowDetail } from '../api/types.js';
import { useFlowChange } from '../api/use-flow-change.js';
import { effectiveParameters, jsonObjectText, parseJsonObject, parseLabels } from '../lib/flow-group.js';
import { formatJson } from '../lib/format.js';
import { Card } from './card.js';
import { ChangeFeedback } from './change-feedback.js';
import { FieldError } from './field-error.js';
import { FlowLimitCard } from './flow-limit-card.js';
import { GroupScheduleCard } from './group-schedule-card.js';
import { LabelList } from './label-list.js';
import { SwitchField } from './switch-field.js';

/**
 * The Settings tab of a flow: its flow group's run checks, description, concurrency limit,
 * default parameters, labels and schedule, each with what is in effect for new runs.
 */
export function FlowSettings({ flow }: { flow: FlowDetail }) {
  return (
    <div className="stack">
      <p className="muted" style={{ margin: 0 }}>
        These settings belong to the flow group: they apply to every version of {flow.name}, including
        versions registered later, and override the flow's own.
      </p>
      <div className="grid grid-2">
        <RunChecksCard flow={flow} />
        <DescriptionCard flow={flow} />
        <FlowLimitCard flow={flow} />
      </div>
      <DefaultParametersCard flow={flow} />
      <LabelsCard flow={flow} />
      <GroupScheduleCard flow={flow} />
    </div>
  );
}

function RunChecksCard({ flow }: { flow: FlowDetail }) {
  const group = flow.flowGroup;
  const heartbeat = useFlowChange(
    group.heartbeatEnabled ? DISABLE_FLOW_HEARTBEAT : ENABLE_FLOW_HEARTBEAT,
    flow.id,
  );
  const lazarus = useFlowChange(
    group.lazarusEnabled ? DISABLE_FLOW_LAZARUS_PROCESS : ENABLE_FLOW_LAZARUS_PROCESS,
    flow.id,
  );
  return (
    <Card title="Run checks">
      <div className="card-body">
        <SwitchField
          label="Heartbeats"
          checked={group.heartbeatEnabled}
          disabled={heartbeat.pending}
          onCheckedChange={() => heartbeat.change({ flowId: flow.id })}
          description="A running flow sends heartbeats, so Headwater notices a run whose process died and retries or fails its running tasks. Off: Headwater leaves this flow's runs alone, even dead ones."
        />
        <ChangeFeedback change={heartbeat} failed="Heartbeats were not changed" />
        <SwitchField
          label="Lazarus process"
          checked={group.lazarusEnabled}
          disabled={lazarus.pending}
          onCheckedChange={() => lazarus.change({ flowId: flow.id })}
          description={
            <>
              Reschedules lost runs (submitted or running, but silent with no task running) so an agent runs
              them again; after a few tries they fail.
              {!group.heartbeatEnabled && ' It does nothing while heartbeats are off.'}
            </>
          }
        />
        <ChangeFeedback change={lazarus} failed="The lazarus process was not changed" />
      </div>
    </Card>
  );
}

function DescriptionCard({ flow }: { flow: FlowDetail }) {
  const id = useId();
  const [text, setText] = useState(flow.flowGroup.description ?? '');
  const save = useFlowChange(SET_FLOW_GROUP_DESCRIPTION, flow.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.change({ flowGroupId: flow.flowGroup.id, description: text.trim() || null });
  };
  return (
    <Card title="Description">
      <form className="card-body" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-description`}>Group description</label>
          <input
            id={`${id}-description`}
            className="input"
            value={text}
            aria-describedby={`${id}-hint`}
            onChange={(event) => {
              setText(event.target.value);
              save.reset();
            }}
          />
          <span className="hint" id={`${id}-hint`}>
            Shown under the flow's name for every version
            {flow.description ? `, instead of the flow's own (“${flow.description}”)` : ''}. Empty clears it.
          </span>
        </div>
        <ChangeFeedback change={save} failed="The description was not saved" saved="Description saved." />
        <button type="submit" className="btn btn-primary" disabled={save.pending}>
          Save description
        </button>
      </form>
    </Card>
  );
}

function DefaultParametersCard({ flow }: { flow: FlowDetail }) {
  const id = useId();
  const group = flow.flowGroup;
  const [text, setText] = useState(() => jsonObjectText(group.defaultParameters));
  const [error, setError] = useState<string | null>(null);
  const save = useFlowChange(SET_FLOW_GROUP_DEFAULT_PARAMETERS, flow.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseJsonObject(text);
    if (!parsed.ok) {
      setError(parsed.error);
      document.getElementById(`${id}-parameters`)?.focus();
      return;
    }
    setError(null);
    save.change({ flowGroupId: group.id, parameters: parsed.value });
  };
  const parameters = effectiveParameters(flow.parameters, group.defaultParameters);
  const extra = Object.keys(group.defaultParameters).filter(
    (name) => !flow.parameters.some((parameter) => parameter.name === name),
  );
  return (
    <Card title="Default parameters">
      <form className="card-body" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-parameters`}>Group default parameters (JSON object)</label>
          <textarea
            id={`${id}-parameters`}
            className="input"
            rows={6}
            value={text}
            placeholder='{"name": "value"}'
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            onChange={(event) => {
              setText(event.target.value);
              save.reset();
            }}
          />
          <span className="hint" id={`${id}-hint`}>
            Laid over the flow's parameter defaults in every new run; a run's own parameters (or a schedule
            clock's) go on top. Runs already created keep theirs. Empty clears them.
          </span>
          <FieldError id={`${id}-error`} error={error} />
        </div>
        <ChangeFeedback
          change={save}
          failed="The default parameters were not saved"
          saved="Default parameters saved."
        />
        <button type="submit" className="btn btn-primary" disabled={save.pending}>
          Save default parameters
        </button>
      </form>
      {(parameters.length > 0 || extra.length > 0) && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Parameters of new runs of {flow.name}</caption>
            <thead>
              <tr>
                <th scope="col">Parameter</th>
                <th scope="col">New runs get</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {parameters.map((parameter) => {
                const fromGroup = Object.hasOwn(group.defaultParameters, parameter.name);
                return (
                  <tr key={parameter.name}>
                    <td className="mono">{parameter.name}</td>
                    <td className="mono">
                      {parameter.default == null ? '—' : formatJson(parameter.default)}
                    </td>
                    <td>
                      {fromGroup
                        ? 'group default'
                        : parameter.default != null
                          ? "flow's default"
                          : parameter.required
                            ? 'required: each run must give it'
                            : 'nothing'}
                    </td>
                  </tr>
                );
              })}
              {extra.map((name) => (
                <tr key={name}>
                  <td className="mono">{name}</td>
                  <td className="mono">{formatJson(group.defaultParameters[name])}</td>
                  <td>group default (not a parameter of this version)</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function LabelsCard({ flow }: { flow: FlowDetail }) {
  const id = useId();
  const group = flow.flowGroup;
  const [text, setText] = useState((group.labels ?? []).join(', '));
  const save = useFlowChange(SET_FLOW_GROUP_LABELS, flow.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const labels = parseLabels(text);
    setText(labels.join(', '));
    save.change({ flowGroupId: group.id, labels });
  };
  return (
    <Card title="Labels">
      <form className="card-body" onSubmit={submit}>
        <p data-testid="labels-in-effect">
          {group.labels === null ? (
            <>
              No group labels: new runs get the flow's own labels, <LabelList labels={flow.labels} />.
            </>
          ) : (
            <>
              New runs given no labels of their own get the group's labels,{' '}
              <LabelList labels={group.labels} />, instead of the flow's (
              <LabelList labels={flow.labels} />
              ).
            </>
          )}{' '}
          An agent runs a run only when it has every one of the run's labels.
        </p>
        <div className="field">
          <label htmlFor={`${id}-labels`}>Group labels</label>
          <input
            id={`${id}-labels`}
            className="input"
            value={text}
            placeholder="e.g. gpu, eu-west"
            aria-describedby={`${id}-hint`}
            onChange={(event) => {
              setText(event.target.value);
              save.reset();
            }}
          />
          <span className="hint" id={`${id}-hint`}>
            Separate labels with commas. Saving none gives new runs no labels; “Clear group labels” lets the
            flow's own labels apply again.
          </span>
        </div>
        <ChangeFeedback change={save} failed="The labels were not changed" saved="Labels saved." />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={save.pending}>
            Save labels
          </button>
          <button
            type="button"
            className="btn"
            disabled={save.pending || group.labels === null}
            onClick={() => {
              setText('');
              save.change({ flowGroupId: group.id, labels: null });
            }}
          >
            Clear group labels
          </button>
        </div>
      </form>
    </Card>
  );
}

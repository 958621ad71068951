import { Dialog } from 'radix-ui';
import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { CREATE_FLOW_RUN } from '../api/documents.js';
import type { FlowParameter } from '../api/types.js';
import { useApiMutation } from '../api/use-api.js';
import {
  initialParameterText,
  parameterHint,
  parameterKind,
  parseParameterValues,
} from '../lib/parameters.js';
import { ErrorNotice } from './error-notice.js';
import { FieldError } from './field-error.js';

interface RunnableFlow {
  id: string;
  name: string;
  version: number;
  archived: boolean;
  parameters: FlowParameter[];
}

/** "Run" button and its form: one field per flow parameter, checked before anything is sent. */
export function RunFlowDialog({ flow }: { flow: RunnableFlow }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="btn btn-primary" disabled={flow.archived}>
        Run
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog-content">
          <RunFlowForm flow={flow} onCancel={() => setOpen(false)} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function RunFlowForm({ flow, onCancel }: { flow: RunnableFlow; onCancel(): void }) {
  const navigate = useNavigate();
  const formId = useId();
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(flow.parameters.map((parameter) => [parameter.name, initialParameterText(parameter)])),
  );
  const [runName, setRunName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const createRun = useApiMutation<{ createFlowRun: { id: string } }, { input: Record<string, unknown> }>(
    CREATE_FLOW_RUN,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseParameterValues(flow.parameters, texts);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      const first = flow.parameters.find((parameter) => parsed.errors[parameter.name]);
      if (first) document.getElementById(`${formId}-parameter-${first.slug}`)?.focus();
      return;
    }
    setErrors({});
    const input: Record<string, unknown> = { flowId: flow.id, parameters: parsed.parameters };
    if (runName.trim()) input.name = runName.trim();
    createRun.mutate({ input }, { onSuccess: (data) => navigate(`/flow-runs/${data.createFlowRun.id}`) });
  };

  return (
    <form onSubmit={submit} noValidate aria-describedby={`${formId}-description`}>
      <Dialog.Title>Run {flow.name}</Dialog.Title>
      <Dialog.Description className="dialog-description" id={`${formId}-description`}>
        Starts a run of version {flow.version} now. An agent picks it up and runs it.
      </Dialog.Description>
      {flow.parameters.length === 0 && <p className="muted">This flow takes no parameters.</p>}
      {flow.parameters.map((parameter) => {
        const kind = parameterKind(parameter);
        const id = `${formId}-parameter-${parameter.slug}`;
        const error = errors[parameter.name];
        const required = parameter.required && parameter.default == null;
        const describedBy = `${id}-hint${error ? ` ${id}-error` : ''}`;
        const value = texts[parameter.name] ?? '';
        const onChange = (next: string) => setTexts((current) => ({ ...current, [parameter.name]: next }));
        return (
          <div className="field" key={parameter.name}>
            <label htmlFor={id}>
              {parameter.name}
              {required && (
                <span className="required-mark" aria-hidden="true">
                  *
                </span>
              )}
            </label>
            {kind === 'boolean' ? (
              <select
                id={id}
                className="input"
                value={value}
                aria-describedby={describedBy}
                aria-invalid={error ? true : undefined}
                onChange={(event) => onChange(event.target.value)}
              >
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : kind === 'list' || kind === 'object' ? (
              <textarea
                id={id}
                className="input"
                value={value}
                required={required}
                aria-describedby={describedBy}
                aria-invalid={error ? true : undefined}
                onChange={(event) => onChange(event.target.value)}
              />
            ) : (
              <input
                id={id}
                className="input"
                value={value}
                required={required}
                inputMode={kind === 'number' ? 'decimal' : undefined}
                aria-describedby={describedBy}
                aria-invalid={error ? true : undefined}
                onChange={(event) => onChange(event.target.value)}
              />
            )}
            <span className="hint" id={`${id}-hint`}>
              {parameterHint(kind)}
              {parameter.default != null && ` Default: ${JSON.stringify(parameter.default)}.`}
              {required && ' Required.'}
            </span>
            <FieldError id={`${id}-error`} error={error} />
          </div>
        );
      })}
      <div className="field">
        <label htmlFor={`${formId}-run-name`}>Run name (optional)</label>
        <input
          id={`${formId}-run-name`}
          className="input"
          value={runName}
          placeholder="A random two-word name"
          onChange={(event) => setRunName(event.target.value)}
        />
      </div>
      {createRun.error && <ErrorNotice error={createRun.error} title="The run was not created" />}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={createRun.isPending}>
          {createRun.isPending ? 'Starting…' : 'Start run'}
        </button>
      </div>
    </form>
  );
}

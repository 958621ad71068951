import { type FormEvent, useId, useState } from 'react';
import { FLOW_CHOICES_QUERY } from '../api/documents.js';
import { useApiQuery } from '../api/use-api.js';
import { useSetConcurrencyLimit } from '../api/use-concurrency-limits.js';
import { parseSlots } from '../lib/limits.js';
import { Card } from './card.js';
import { ErrorNotice } from './error-notice.js';
import { FieldError } from './field-error.js';
import { SlotsField } from './slots-field.js';

interface FlowChoices {
  flows: { nodes: { id: string; name: string; project: { id: string; name: string } }[] };
}

/** Sets a limit on a flow, chosen from the tenant's flows: at most N of its runs Running at once. */
export function FlowLimitForm() {
  const id = useId();
  const choices = useApiQuery<FlowChoices>(['flowChoices'], FLOW_CHOICES_QUERY, undefined, {
    staleTime: 30_000,
  });
  const flows = [...(choices.data?.flows.nodes ?? [])].sort(
    (a, b) => a.name.localeCompare(b.name) || a.project.name.localeCompare(b.project.name),
  );
  const [flowId, setFlowId] = useState('');
  const [slots, setSlots] = useState('1');
  const [errors, setErrors] = useState<{ flow?: string; slots?: string }>({});
  const set = useSetConcurrencyLimit();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseSlots(slots);
    const next = {
      ...(flowId ? {} : { flow: 'Choose the flow the limit applies to.' }),
      ...(parsed.ok ? {} : { slots: parsed.error }),
    };
    setErrors(next);
    if (next.flow) document.getElementById(`${id}-flow`)?.focus();
    else if (next.slots) document.getElementById(`${id}-slots`)?.focus();
    if (!parsed.ok || !flowId) return;
    set.mutate({ flowId, slots: parsed.value }, { onSuccess: () => setFlowId('') });
  };

  return (
    <Card title="Limit a flow">
      <form className="card-body" onSubmit={submit} noValidate>
        <div className="form-row errors-below">
          <div className="field">
            <label htmlFor={`${id}-flow`}>Flow</label>
            <select
              id={`${id}-flow`}
              className="input"
              value={flowId}
              disabled={choices.isPending}
              aria-invalid={errors.flow ? true : undefined}
              aria-describedby={errors.flow ? `${id}-flow-error` : undefined}
              onChange={(event) => setFlowId(event.target.value)}
            >
              <option value="">
                {choices.isPending
                  ? 'Loading flows…'
                  : flows.length === 0
                    ? 'No flows registered yet'
                    : 'Choose a flow'}
              </option>
              {flows.map((flow) => (
                <option key={flow.id} value={flow.id}>
                  {flow.name} ({flow.project.name})
                </option>
              ))}
            </select>
            <FieldError id={`${id}-flow-error`} error={errors.flow} />
          </div>
          <SlotsField id={`${id}-slots`} value={slots} error={errors.slots ?? null} onChange={setSlots} />
          <button type="submit" className="btn btn-primary" disabled={set.isPending}>
            {set.isPending ? 'Saving…' : 'Set limit'}
          </button>
        </div>
        <p className="muted" style={{ margin: '8px 0 0' }}>
          Counts runs of every version of the flow; a run over the limit waits Queued.
        </p>
        {choices.error && (
          <div style={{ marginTop: 12 }}>
            <ErrorNotice error={choices.error} title="The flows could not be loaded" />
          </div>
        )}
        {set.error && (
          <div style={{ marginTop: 12 }}>
            <ErrorNotice error={set.error} title="The limit was not saved" />
          </div>
        )}
      </form>
    </Card>
  );
}

import { type FormEvent, useId, useState } from 'react';
import { useConcurrencyLimits, useSetConcurrencyLimit } from '../api/use-concurrency-limits.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FieldError } from '../components/field-error.js';
import { FlowLimitForm } from '../components/flow-limit-form.js';
import { LimitsTable } from '../components/limits-table.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import { SlotsField } from '../components/slots-field.js';
import { parseSlots } from '../lib/limits.js';

/** Concurrency limits: at most N task runs with a tag, or N runs of a flow, Running at once. */
export function LimitsPage() {
  const limits = useConcurrencyLimits();
  const list = limits.data?.concurrencyLimits ?? [];
  return (
    <>
      <PageHeader
        title="Concurrency limits"
        subtitle="At most this many task runs with a tag (in any flow), or runs of a flow, Running at once; the rest wait Queued and start when a slot frees."
      />
      <div className="stack">
        <div className="grid grid-2">
          <SetTagLimitForm />
          <FlowLimitForm />
        </div>
        <Card title="Limits">
          <div className="card-body flush">
            {limits.isPending ? (
              <Loading what="Loading concurrency limits…" />
            ) : limits.error ? (
              <div className="card-body">
                <ErrorNotice error={limits.error} title="Concurrency limits could not be loaded" />
              </div>
            ) : list.length === 0 ? (
              <EmptyState compact title="No concurrency limits">
                <p>Set one on a task tag or a flow above.</p>
              </EmptyState>
            ) : (
              <LimitsTable limits={list} />
            )}
          </div>
        </Card>
      </div>
    </>
  );
}

function SetTagLimitForm() {
  const id = useId();
  const [tag, setTag] = useState('');
  const [slots, setSlots] = useState('1');
  const [errors, setErrors] = useState<{ tag?: string; slots?: string }>({});
  const set = useSetConcurrencyLimit();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = tag.trim();
    const parsed = parseSlots(slots);
    const next = {
      ...(trimmed ? {} : { tag: 'Give the task tag the limit applies to.' }),
      ...(parsed.ok ? {} : { slots: parsed.error }),
    };
    setErrors(next);
    if (next.tag) document.getElementById(`${id}-tag`)?.focus();
    else if (next.slots) document.getElementById(`${id}-slots`)?.focus();
    if (!parsed.ok || !trimmed) return;
    set.mutate({ tag: trimmed, slots: parsed.value }, { onSuccess: () => setTag('') });
  };

  return (
    <Card title="Limit a task tag">
      <form className="card-body" onSubmit={submit} noValidate>
        <div className="form-row errors-below">
          <div className="field">
            <label htmlFor={`${id}-tag`}>Task tag</label>
            <input
              id={`${id}-tag`}
              className="input mono"
              value={tag}
              maxLength={255}
              placeholder="rate-limited-api"
              aria-invalid={errors.tag ? true : undefined}
              aria-describedby={errors.tag ? `${id}-tag-error` : undefined}
              onChange={(event) => setTag(event.target.value)}
            />
            <FieldError id={`${id}-tag-error`} error={errors.tag} />
          </div>
          <SlotsField id={`${id}-slots`} value={slots} error={errors.slots ?? null} onChange={setSlots} />
          <button type="submit" className="btn btn-primary" disabled={set.isPending}>
            {set.isPending ? 'Saving…' : 'Set limit'}
          </button>
        </div>
        <p className="muted" style={{ margin: '8px 0 0' }}>
          Counts task runs with the tag in any flow; one over the limit waits Queued.
        </p>
        {set.error && (
          <div style={{ marginTop: 12 }}>
            <ErrorNotice error={set.error} title="The limit was not saved" />
          </div>
        )}
      </form>
    </Card>
  );
}

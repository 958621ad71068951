import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import type { FlowDetail } from '../api/types.js';
import {
  useConcurrencyLimits,
  useDeleteConcurrencyLimit,
  useSetConcurrencyLimit,
} from '../api/use-concurrency-limits.js';
import { parseSlots } from '../lib/limits.js';
import { Card } from './card.js';
import { ConfirmButton } from './confirm-button.js';
import { ErrorNotice } from './error-notice.js';
import { SlotsField } from './slots-field.js';

/** The flow's concurrency limit on its Settings tab: at most N runs of any version Running at once. */
export function FlowLimitCard({ flow }: { flow: FlowDetail }) {
  const limits = useConcurrencyLimits();
  const limit = limits.data?.concurrencyLimits.find(
    (candidate) => candidate.kind === 'FLOW' && candidate.flowGroupId === flow.flowGroup.id,
  );
  return (
    <Card title="Concurrency limit">
      <div className="card-body">
        {limits.error ? (
          <ErrorNotice error={limits.error} title="The limit could not be loaded" />
        ) : (
          <>
            <p data-testid="flow-limit">
              {limits.isPending
                ? 'Loading the limit…'
                : limit
                  ? `At most ${limit.slots} run${limit.slots === 1 ? '' : 's'} of ${flow.name} Running at once (${limit.running} now); the rest wait Queued.`
                  : `No limit: runs of ${flow.name} start as soon as an agent takes them.`}{' '}
              All limits are on the <Link to="/settings/limits">Concurrency limits</Link> page.
            </p>
            {!limits.isPending && (
              <FlowLimitEditor key={limit?.slots ?? 'none'} flow={flow} slots={limit?.slots ?? null} />
            )}
          </>
        )}
      </div>
    </Card>
  );
}

function FlowLimitEditor({ flow, slots: current }: { flow: FlowDetail; slots: number | null }) {
  const id = useId();
  const [slots, setSlots] = useState(current === null ? '1' : String(current));
  const [error, setError] = useState<string | null>(null);
  const set = useSetConcurrencyLimit();
  const remove = useDeleteConcurrencyLimit();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseSlots(slots);
    setError(parsed.ok ? null : parsed.error);
    if (!parsed.ok) {
      document.getElementById(`${id}-slots`)?.focus();
      return;
    }
    set.mutate({ flowGroupId: flow.flowGroup.id, slots: parsed.value });
  };
  return (
    <form onSubmit={submit} noValidate>
      <SlotsField id={`${id}-slots`} label="Runs at once" value={slots} error={error} onChange={setSlots} />
      {set.error && <ErrorNotice error={set.error} title="The limit was not saved" />}
      {remove.error && <ErrorNotice error={remove.error} title="The limit was not removed" />}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={set.isPending}>
          {set.isPending ? 'Saving…' : current === null ? 'Set limit' : 'Save limit'}
        </button>
        {current !== null && (
          <ConfirmButton
            label="Remove limit"
            title={`Remove the limit of “${flow.name}”?`}
            description="Its runs no longer wait for a slot."
            confirmLabel="Remove limit"
            disabled={remove.isPending}
            onConfirm={() => remove.mutate({ flowGroupId: flow.flowGroup.id })}
          />
        )}
      </div>
    </form>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  CONCURRENCY_LIMITS_QUERY,
  type ConcurrencyLimit,
  DELETE_CONCURRENCY_LIMIT,
  SET_CONCURRENCY_LIMIT,
} from '../api/limit-documents.js';
import { useApiMutation, useApiQuery } from '../api/use-api.js';
import { CommandLine } from '../components/command-line.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import { TimeAgo } from '../components/time-ago.js';

const QUERY_KEY = ['concurrency-limits'];
const nameOf = (limit: ConcurrencyLimit) =>
  limit.kind === 'TASK_TAG' ? limit.tag! : (limit.flowName ?? limit.flowGroupId!);
const targetOf = (limit: ConcurrencyLimit) =>
  limit.kind === 'TASK_TAG' ? { tag: limit.tag } : { flowGroupId: limit.flowGroupId };

/** Concurrency limits: at most N task runs with a tag, or N runs of a flow, Running at once. */
export function LimitsPage() {
  const limits = useApiQuery<{ concurrencyLimits: ConcurrencyLimit[] }>(QUERY_KEY, CONCURRENCY_LIMITS_QUERY);
  const list = limits.data?.concurrencyLimits ?? [];
  return (
    <>
      <PageHeader
        title="Concurrency limits"
        subtitle="At most this many task runs with a tag (in any flow), or runs of a flow, Running at once; the rest wait Queued and start when a slot frees."
      />
      <div className="stack">
        <SetTagLimitForm />
        <section className="card" aria-labelledby="limits-title">
          <div className="card-header">
            <h2 id="limits-title">Limits</h2>
          </div>
          <div className="card-body flush">
            {limits.isPending ? (
              <Loading what="Loading concurrency limits…" />
            ) : limits.error ? (
              <div className="card-body">
                <ErrorNotice error={limits.error} title="Concurrency limits could not be loaded" />
              </div>
            ) : list.length === 0 ? (
              <EmptyState compact title="No concurrency limits">
                <p>Set one on a task tag above, or on a flow from the command line:</p>
                <CommandLine command='headwater limit set --flow etl --project "My Project" 1' />
              </EmptyState>
            ) : (
              <LimitsTable limits={list} />
            )}
          </div>
        </section>
      </div>
    </>
  );
}

function SetTagLimitForm() {
  const queryClient = useQueryClient();
  const [tag, setTag] = useState('');
  const [slots, setSlots] = useState('1');
  const [problem, setProblem] = useState<string | null>(null);
  const set = useApiMutation<
    { setConcurrencyLimit: { id: string } },
    { input: { tag: string; slots: number } }
  >(SET_CONCURRENCY_LIMIT);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = tag.trim();
    const count = Number(slots);
    if (trimmed === '') {
      setProblem('Give the task tag the limit applies to.');
      return;
    }
    if (!Number.isInteger(count) || count < 0) {
      setProblem('Slots must be a whole number, 0 or more (0 holds every run back).');
      return;
    }
    setProblem(null);
    set.mutate(
      { input: { tag: trimmed, slots: count } },
      {
        onSuccess: () => {
          setTag('');
          void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="set-limit-title">
      <div className="card-header">
        <h2 id="set-limit-title">Limit a task tag</h2>
      </div>
      <form className="card-body" onSubmit={submit} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor="limit-tag">Task tag</label>
            <input
              id="limit-tag"
              className="input mono"
              value={tag}
              maxLength={255}
              placeholder="rate-limited-api"
              onChange={(event) => setTag(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="limit-slots">Slots</label>
            <input
              id="limit-slots"
              className="input"
              inputMode="numeric"
              value={slots}
              onChange={(event) => setSlots(event.target.value)}
            />
          </div>
          <button type="submit" className="btn btn-primary" disabled={set.isPending}>
            {set.isPending ? 'Saving…' : 'Set limit'}
          </button>
        </div>
        {problem && (
          <p className="field-error" role="alert" style={{ color: 'var(--color-danger)', marginTop: 8 }}>
            {problem}
          </p>
        )}
        {set.error && (
          <div style={{ marginTop: 12 }}>
            <ErrorNotice error={set.error} title="The limit was not saved" />
          </div>
        )}
      </form>
    </section>
  );
}

function LimitsTable({ limits }: { limits: readonly ConcurrencyLimit[] }) {
  const queryClient = useQueryClient();
  const remove = useApiMutation<{ deleteConcurrencyLimit: { success: boolean } }, { input: object }>(
    DELETE_CONCURRENCY_LIMIT,
  );
  return (
    <>
      {remove.error && (
        <div className="card-body">
          <ErrorNotice error={remove.error} title="The limit was not deleted" />
        </div>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="limits-table">
          <caption className="visually-hidden">Concurrency limits</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Name</th>
              <th scope="col">Running / slots</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {limits.map((limit) => (
              <tr key={limit.id}>
                <td>{limit.kind === 'TASK_TAG' ? 'Task tag' : 'Flow'}</td>
                <td className="mono">
                  <strong>{nameOf(limit)}</strong>
                </td>
                <td className="numeric">
                  {limit.running} / {limit.slots}
                </td>
                <td>
                  <TimeAgo iso={limit.updated} />
                </td>
                <td className="numeric">
                  <ConfirmButton
                    small
                    label="Delete"
                    ariaLabel={`Delete the limit of ${nameOf(limit)}`}
                    title={`Delete the limit of “${nameOf(limit)}”?`}
                    description="Its runs no longer wait for a slot."
                    confirmLabel="Delete limit"
                    disabled={remove.isPending}
                    onConfirm={() =>
                      remove.mutate(
                        { input: targetOf(limit) },
                        { onSuccess: () => void queryClient.invalidateQueries({ queryKey: QUERY_KEY }) },
                      )
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { DELETE_SECRET, SECRETS_QUERY, SET_SECRET, type Secret } from '../api/secret-documents.js';
import { useApiMutation, useApiQuery } from '../api/use-api.js';
import { CommandLine } from '../components/command-line.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import { DateTime, TimeAgo } from '../components/time-ago.js';

const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Secrets: set one (its value is never shown again), see names and times, delete. */
export function SecretsPage() {
  const secrets = useApiQuery<{ secrets: Secret[] }>(['secrets'], SECRETS_QUERY);
  const list = secrets.data?.secrets ?? [];
  return (
    <>
      <PageHeader
        title="Secrets"
        subtitle="Values flow runs read with secret('NAME'). They are encrypted on the server and never shown again; a run's logs and errors show them as ****."
      />
      <div className="stack">
        <SetSecretForm />
        <section className="card" aria-labelledby="secrets-title">
          <div className="card-header">
            <h2 id="secrets-title">Secrets</h2>
          </div>
          <div className="card-body flush">
            {secrets.isPending ? (
              <Loading what="Loading secrets…" />
            ) : secrets.error ? (
              <div className="card-body">
                <ErrorNotice error={secrets.error} title="Secrets could not be loaded" />
              </div>
            ) : list.length === 0 ? (
              <EmptyState compact title="No secrets yet">
                <p>Set one above, or from the command line:</p>
                <CommandLine command="headwater secret set DB_PASSWORD" />
              </EmptyState>
            ) : (
              <SecretsTable secrets={list} />
            )}
          </div>
        </section>
      </div>
    </>
  );
}

function SetSecretForm() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const set = useApiMutation<
    { setSecret: { created: boolean; secret: Secret } },
    { input: { name: string; value: string } }
  >(SET_SECRET);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!NAME_RULE.test(trimmed)) {
      setProblem('Use letters, digits and _, starting with a letter or _ (e.g. DB_PASSWORD).');
      document.getElementById('secret-name')?.focus();
      return;
    }
    if (value === '') {
      setProblem(`Give the value of ${trimmed}.`);
      document.getElementById('secret-value')?.focus();
      return;
    }
    setProblem(null);
    set.mutate(
      { input: { name: trimmed, value } },
      {
        onSuccess: (data) => {
          setSaved(`${data.setSecret.created ? 'Created' : 'Replaced'} ${data.setSecret.secret.name}.`);
          setName('');
          setValue('');
          void queryClient.invalidateQueries({ queryKey: ['secrets'] });
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="set-secret-title">
      <div className="card-header">
        <h2 id="set-secret-title">Set a secret</h2>
      </div>
      <form className="card-body" onSubmit={submit} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor="secret-name">Name</label>
            <input
              id="secret-name"
              className="input mono"
              value={name}
              maxLength={255}
              placeholder="DB_PASSWORD"
              autoComplete="off"
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="secret-value">Value</label>
            <input
              id="secret-value"
              className="input"
              type="password"
              value={value}
              autoComplete="new-password"
              onChange={(event) => setValue(event.target.value)}
            />
          </div>
          <button type="submit" className="btn btn-primary" disabled={set.isPending}>
            {set.isPending ? 'Saving…' : 'Set secret'}
          </button>
        </div>
        {problem && (
          <p className="field-error" role="alert" style={{ color: 'var(--color-danger)', marginTop: 8 }}>
            {problem}
          </p>
        )}
        {saved && !problem && (
          <p className="muted" role="status" style={{ marginTop: 8 }}>
            {saved}
          </p>
        )}
        {set.error && (
          <div style={{ marginTop: 12 }}>
            <ErrorNotice error={set.error} title="The secret was not saved" />
          </div>
        )}
      </form>
    </section>
  );
}

function SecretsTable({ secrets }: { secrets: readonly Secret[] }) {
  const queryClient = useQueryClient();
  const remove = useApiMutation<{ deleteSecret: { success: boolean } }, { input: { name: string } }>(
    DELETE_SECRET,
  );
  return (
    <>
      {remove.error && (
        <div className="card-body">
          <ErrorNotice error={remove.error} title="The secret was not deleted" />
        </div>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="secrets-table">
          <caption className="visually-hidden">Secrets</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last set</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {secrets.map((secret) => (
              <tr key={secret.id} data-secret-name={secret.name}>
                <td className="mono">
                  <strong>{secret.name}</strong>
                </td>
                <td>
                  <DateTime iso={secret.created} />
                </td>
                <td>
                  <TimeAgo iso={secret.updated} />
                </td>
                <td className="numeric">
                  <ConfirmButton
                    small
                    label="Delete"
                    ariaLabel={`Delete ${secret.name}`}
                    title={`Delete “${secret.name}”?`}
                    description="Flow runs that read it afterwards fail. This cannot be undone."
                    confirmLabel="Delete secret"
                    disabled={remove.isPending}
                    onConfirm={() =>
                      remove.mutate(
                        { input: { name: secret.name } },
                        { onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['secrets'] }) },
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

import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { API_TOKENS_QUERY, CREATE_API_TOKEN, REVOKE_API_TOKEN } from '../api/documents.js';
import type { ApiToken, Connection, TokenScope } from '../api/types.js';
import { useApiMutation, useApiQuery } from '../api/use-api.js';
import { useSession, useSessionContext } from '../auth/session.js';
import { CommandLine } from '../components/command-line.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { CopyButton } from '../components/copy-button.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import { ConnectionPager } from '../components/pager.js';
import { DateTime, TimeAgo } from '../components/time-ago.js';
import { useCursorPage, withoutPage } from '../lib/use-cursor-page.js';

const PAGE = 25;

const EXPIRY_CHOICES = [
  { label: 'Never', days: 0 },
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
];

interface CreatedToken {
  secret: string;
  token: ApiToken;
}

/** API tokens: make one (its secret shown once), see every token's use page by page, revoke. */
export function ApiTokensPage() {
  const { authInfo } = useSession();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  // Whether revoked tokens are listed, and the page, live in the URL (`?revoked=1&after=…`).
  const [params, setParams] = useSearchParams();
  const showRevoked = params.get('revoked') === '1';
  const page = useCursorPage(PAGE);
  const tokens = useApiQuery<{ apiTokensConnection: Connection<ApiToken> }>(
    ['apiTokens'],
    API_TOKENS_QUERY,
    { includeRevoked: showRevoked, first: PAGE, after: page.after },
    { placeholderData: keepPreviousData },
  );
  const setShowRevoked = (show: boolean) => {
    const next = withoutPage(params);
    if (show) next.set('revoked', '1');
    else next.delete('revoked');
    setParams(next);
  };
  const list = tokens.data?.apiTokensConnection.nodes ?? [];

  return (
    <>
      <PageHeader
        title="API tokens"
        subtitle="Tokens let the CLI, agents and this UI act in your Headwater tenant. USER tokens can do everything; RUNNER tokens only what agents and flow runs need."
      />
      <div className="stack">
        {created && <NewTokenSecret created={created} onDone={() => setCreated(null)} />}
        <CreateTokenForm onCreated={setCreated} />
        <section className="card" aria-labelledby="tokens-title">
          <div className="card-header">
            <h2 id="tokens-title">Tokens of {authInfo.tenantName}</h2>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={showRevoked}
                onChange={(event) => setShowRevoked(event.target.checked)}
              />
              Show revoked
            </label>
          </div>
          <div className="card-body flush">
            {tokens.isPending ? (
              <Loading what="Loading tokens…" />
            ) : tokens.error ? (
              <div className="card-body">
                <ErrorNotice error={tokens.error} title="Tokens could not be loaded" />
              </div>
            ) : list.length === 0 ? (
              <EmptyState compact title="No active tokens">
                <p>Create one above; it is shown once, so keep it somewhere safe.</p>
              </EmptyState>
            ) : (
              <>
                <TokensTable tokens={list} currentTokenId={authInfo.tokenId} />
                <ConnectionPager
                  label="API tokens"
                  page={page}
                  connection={tokens.data.apiTokensConnection}
                />
              </>
            )}
          </div>
        </section>
      </div>
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated(created: CreatedToken): void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('USER');
  const [days, setDays] = useState(0);
  const [nameError, setNameError] = useState<string | null>(null);
  const create = useApiMutation<
    { createApiToken: { token: string; apiToken: ApiToken } },
    { input: { name: string; scope: TokenScope; expiresAt?: string } }
  >(CREATE_API_TOKEN);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError('Give the token a name, e.g. "Laptop CLI" or "Docker agent", to tell it apart later.');
      document.getElementById('token-name')?.focus();
      return;
    }
    setNameError(null);
    const input: { name: string; scope: TokenScope; expiresAt?: string } = { name: name.trim(), scope };
    if (days > 0) input.expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
    create.mutate(
      { input },
      {
        onSuccess: (data) => {
          onCreated({ secret: data.createApiToken.token, token: data.createApiToken.apiToken });
          setName('');
          void queryClient.invalidateQueries({ queryKey: ['apiTokens'] });
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="create-token-title">
      <div className="card-header">
        <h2 id="create-token-title">Create a token</h2>
      </div>
      <form className="card-body" onSubmit={submit} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor="token-name">Name</label>
            <input
              id="token-name"
              className="input"
              value={name}
              maxLength={200}
              placeholder="e.g. Laptop CLI"
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? 'token-name-error' : undefined}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="token-scope">Scope</label>
            <select
              id="token-scope"
              className="input"
              value={scope}
              onChange={(event) => setScope(event.target.value as TokenScope)}
            >
              <option value="USER">USER — everything</option>
              <option value="RUNNER">RUNNER — agents only</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="token-expiry">Expires</label>
            <select
              id="token-expiry"
              className="input"
              value={days}
              onChange={(event) => setDays(Number(event.target.value))}
            >
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice.days} value={choice.days}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create token'}
          </button>
        </div>
        {nameError && (
          <p
            className="field-error"
            id="token-name-error"
            style={{ color: 'var(--color-danger)', marginTop: 8 }}
          >
            {nameError}
          </p>
        )}
        {create.error && (
          <div style={{ marginTop: 12 }}>
            <ErrorNotice error={create.error} title="The token was not created" />
          </div>
        )}
      </form>
    </section>
  );
}

function NewTokenSecret({ created, onDone }: { created: CreatedToken; onDone(): void }) {
  const command =
    created.token.scope === 'RUNNER'
      ? `headwater agent start docker --token ${created.secret}`
      : `headwater auth login --token ${created.secret}`;
  return (
    <section className="notice notice-success" aria-labelledby="new-token-title" data-testid="new-token">
      <div style={{ flex: 1, minWidth: 0 }}>
        <h2 id="new-token-title" className="notice-title">
          Token “{created.token.name}” created
        </h2>
        <p>
          Copy it now. Headwater keeps only a hash of it, so <strong>it will not be shown again</strong>.
        </p>
        <div className="secret">
          <code data-testid="new-token-secret">{created.secret}</code>
          <CopyButton text={created.secret} label="Copy token" className="btn" />
        </div>
        <p style={{ marginTop: 12, marginBottom: 6 }}>
          {created.token.scope === 'RUNNER' ? 'Start an agent with it:' : 'Use it from the command line:'}
        </p>
        <CommandLine command={command} />
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onDone}>
            Done, I saved it
          </button>
        </div>
      </div>
    </section>
  );
}

function TokensTable({ tokens, currentTokenId }: { tokens: readonly ApiToken[]; currentTokenId: string }) {
  const queryClient = useQueryClient();
  const { signOut } = useSessionContext();
  const revoke = useApiMutation<
    { revokeApiToken: { success: boolean; error: string | null } },
    { input: { tokenId: string } }
  >(REVOKE_API_TOKEN);
  const [revokeError, setRevokeError] = useState<unknown>(null);

  const onRevoke = (token: ApiToken) => {
    setRevokeError(null);
    revoke.mutate(
      { input: { tokenId: token.id } },
      {
        onSuccess: (data) => {
          if (!data.revokeApiToken.success) {
            setRevokeError(new Error(data.revokeApiToken.error ?? `Token “${token.name}” was not revoked.`));
            return;
          }
          if (token.id === currentTokenId)
            signOut(`You revoked “${token.name}”, the token this tab was signed in with.`);
          else void queryClient.invalidateQueries({ queryKey: ['apiTokens'] });
        },
        onError: setRevokeError,
      },
    );
  };

  return (
    <>
      {Boolean(revokeError) && (
        <div className="card-body">
          <ErrorNotice error={revokeError} title="The token was not revoked" />
        </div>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="tokens-table">
          <caption className="visually-hidden">API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scope</th>
              <th scope="col" className="hide-narrow">
                Token
              </th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => {
              const expired = token.expiresAt !== null && new Date(token.expiresAt).getTime() <= Date.now();
              return (
                <tr
                  key={token.id}
                  className={token.revoked || expired ? 'is-muted' : undefined}
                  data-token-name={token.name}
                >
                  <td>
                    <strong>{token.name}</strong>
                    {token.id === currentTokenId && <span className="muted"> (this tab)</span>}
                  </td>
                  <td>
                    <span className="tag">{token.scope}</span>
                  </td>
                  <td className="hide-narrow mono">{token.prefix}…</td>
                  <td>
                    <DateTime iso={token.created} />
                  </td>
                  <td>
                    <TimeAgo iso={token.lastUsed} fallback="never" />
                  </td>
                  <td>{expired ? 'expired' : <DateTime iso={token.expiresAt} fallback="never" />}</td>
                  <td className="numeric">
                    {token.revoked ? (
                      <span className="muted">revoked</span>
                    ) : (
                      <ConfirmButton
                        small
                        label="Revoke"
                        ariaLabel={`Revoke ${token.name}`}
                        title={`Revoke “${token.name}”?`}
                        description={
                          token.id === currentTokenId
                            ? 'This is the token this tab is signed in with: you will be signed out at once. Anything else using it stops working too.'
                            : `Everything using it (a CLI, an agent${token.scope === 'RUNNER' ? ' and the flow runs it started' : ''}) stops working at once. This cannot be undone.`
                        }
                        confirmLabel="Revoke token"
                        disabled={revoke.isPending}
                        onConfirm={() => onRevoke(token)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

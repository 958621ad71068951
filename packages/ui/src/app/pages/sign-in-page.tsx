import { type FormEvent, useState } from 'react';
import { useSessionContext } from '../auth/session.js';
import { CommandLine } from '../components/command-line.js';
import { ErrorNotice, Notice } from '../components/error-notice.js';
import { Logo } from '../components/logo.js';

/** Sign in with an API token. The token is checked with the server before anything else is shown. */
export function SignInPage({ notice }: { notice?: string | undefined }) {
  const { signIn } = useSessionContext();
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) {
      setError(new Error('Paste an API token first.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="brand">
          <Logo />
          Headwater
        </div>
        <h1>Sign in</h1>
        <p className="muted">
          Use an API token with USER scope. It stays in this browser tab and is forgotten when the tab closes.
        </p>
        {notice && !error && (
          <Notice tone="warning" title="You were signed out">
            <p>{notice}</p>
          </Notice>
        )}
        <form onSubmit={submit} noValidate style={{ marginTop: 16 }}>
          <div className="field">
            <label htmlFor="api-token">API token</label>
            <input
              id="api-token"
              className="input mono"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={token}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'sign-in-error' : undefined}
              onChange={(event) => setToken(event.target.value)}
            />
          </div>
          {Boolean(error) && (
            <div id="sign-in-error" style={{ marginBottom: 16 }}>
              <ErrorNotice error={error} title="Could not sign in" />
            </div>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Checking…' : 'Sign in'}
          </button>
        </form>
        <div className="help">
          <p>
            No token yet? The first <code>headwater server start</code> prints an admin token and saves it in
            the server's home directory. On the server's machine, a new one can be made with:
          </p>
          <CommandLine command='headwater server create-token --name "Web UI" --scope USER' />
        </div>
      </div>
    </main>
  );
}

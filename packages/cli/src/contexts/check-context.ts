/** What an API says about a token: whether it answers, and who the token is. */
export interface ContextCheck {
  /** The API answered (even if it refused the token). */
  answers: boolean;
  /** The API accepted the token. */
  authenticated: boolean;
  scope?: string;
  tokenName?: string;
  tenantName?: string;
  tenantId?: string;
  /** Why the check failed, when it did: what the API or the network said. */
  problem?: string;
}

/** How long `auth status` waits for an API, once (no retries: an answer is what is asked). */
const CHECK_TIMEOUT_MS = 10_000;

/** Asks the API at `api` who `token` is. Never throws: a failure is described in the result. */
export async function checkContext(api: string, token: string | undefined): Promise<ContextCheck> {
  const { AuthorizationError, Client, ClientError } = await import('@headwater/client');
  if (!token) {
    return {
      answers: false,
      authenticated: false,
      problem: `No token for ${api}. Log in with \`headwater auth login --api ${api} --token <token>\` or set HEADWATER__CLOUD__AUTH_TOKEN.`,
    };
  }
  const client = new Client({ api, token, retry: { retries: 0 }, timeoutMs: CHECK_TIMEOUT_MS });
  try {
    const { scope, tokenName, tenantName, tenantId } = await client.authInfo();
    return { answers: true, authenticated: true, scope, tokenName, tenantName, tenantId };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    if (AuthorizationError.isInstance(error)) return { answers: true, authenticated: false, problem };
    const unreachable = ClientError.isInstance(error) && error.code === 'API_UNREACHABLE';
    return { answers: !unreachable, authenticated: false, problem };
  }
}

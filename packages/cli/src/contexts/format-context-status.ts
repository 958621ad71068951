import type { Column } from '../output/format-table.js';
import type { ContextCheck } from './check-context.js';
import type { ConnectionStatus, SavedContextStatus } from './context-status.js';

/** The human form of `auth status`: one labelled line per fact. */
export function formatConnectionStatus(status: ConnectionStatus): string {
  return [
    `Context: ${status.context ?? 'none (no saved context is in use)'}`,
    `API:     ${status.api} (from ${describeSource(status.apiSource)})`,
    `Token:   ${status.token ? `${status.token} (from ${describeSource(status.tokenSource)})` : 'none'}`,
    `Answers: ${describeCheck(status, { tenantId: true })}`,
  ].join('\n');
}

/** The columns of `auth status --all`; the current context is marked with `*`. */
export const SAVED_CONTEXT_COLUMNS: readonly Column<SavedContextStatus>[] = [
  { header: 'CURRENT', value: (context) => (context.current ? '*' : '') },
  { header: 'NAME', value: (context) => context.name },
  { header: 'API', value: (context) => context.api },
  { header: 'TOKEN', value: (context) => context.token ?? '' },
  { header: 'STATUS', value: (context) => describeCheck(context) },
];

/** Whether the API answers and accepts the token, and who the token is (the details of a failure are the error's). */
function describeCheck(check: ContextCheck & { token: string | null }, { tenantId = false } = {}): string {
  if (check.authenticated)
    return `yes, token "${check.tokenName}" (${check.scope}) of tenant "${check.tenantName}"${tenantId ? ` (${check.tenantId})` : ''}`;
  if (!check.token) return 'not asked: no token';
  return check.answers ? 'yes, but it refuses the token' : 'no';
}

function describeSource(source: string): string {
  switch (source) {
    case 'explicit':
      return 'the command line';
    case 'env':
      return 'the environment';
    case 'config':
      return 'the config file';
    case 'context':
      return 'the saved context';
    default:
      return 'the default';
  }
}

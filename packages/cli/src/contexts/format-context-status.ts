import type { Column } from '../output/format-table.js';
import type { ContextCheck } from './check-context.js';
import type { ConnectionStatus, SavedContextStatus } from './context-status.js';

/** The human form of `auth status`: one labelled line per fact. */
export function formatConnectionStatus(status: ConnectionStatus): string {
  return [
    `Context: ${status.context ?? '(none: nothing saved by `headwater auth login` is used)'}`,
    `API:     ${status.api} (from ${describeSource(status.apiSource)})`,
    `Token:   ${status.token ?? '(none)'} (from ${describeSource(status.tokenSource)})`,
    `Answers: ${describeCheck(status)}`,
  ].join('\n');
}

/** The columns of `auth status --all`; the current context is marked with `*`. */
export const SAVED_CONTEXT_COLUMNS: readonly Column<SavedContextStatus>[] = [
  { header: 'CURRENT', value: (context) => (context.current ? '*' : '') },
  { header: 'NAME', value: (context) => context.name },
  { header: 'API', value: (context) => context.api },
  { header: 'TOKEN', value: (context) => context.token ?? '' },
  { header: 'STATUS', value: (context) => describeCheck(context, { short: true }) },
];

/** Whether the API answers and accepts the token, and who the token is. */
function describeCheck(check: ContextCheck, { short = false } = {}): string {
  if (check.authenticated)
    return `yes, token "${check.tokenName}" (${check.scope}) of tenant "${check.tenantName}"${short ? '' : ` (${check.tenantId})`}`;
  if (!check.answers) return short ? 'does not answer' : `no: ${check.problem}`;
  return short ? 'refuses the token' : `yes, but it refuses the token: ${check.problem}`;
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
    case 'none':
      return 'nowhere';
    default:
      return 'the default';
  }
}

import type { SavedContext } from '@headwater/client';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { clientFromCommand, connectionFromCommand } from '../client-from-command.js';
import { connectionStatus, savedContextStatuses } from '../contexts/context-status.js';
import { formatConnectionStatus, SAVED_CONTEXT_COLUMNS } from '../contexts/format-context-status.js';
import { jsonOption } from '../options/flag-vocabulary.js';
import { formatTable } from '../output/format-table.js';
import { Output } from '../output/output.js';

/**
 * `auth login`, `auth status`, `auth switch` and `auth logout`: the APIs a user logged in
 * to (contexts, as in kubectl and gh) and the current one, which commands use unless
 * `--api`, `HEADWATER__CLOUD__API` or the config file's `cloud.api` name another.
 */
export function registerContextCommands(auth: Command): void {
  registerLogin(auth);
  registerStatus(auth);
  registerSwitch(auth);
  registerLogout(auth);
}

function registerLogin(auth: Command): void {
  auth
    .command('login')
    .description(
      'check a token against the API, save both as a context (file mode 0600) and make it the current one',
    )
    .requiredOption('-t, --token <token>', 'the API token to log in with')
    .option('--name <context>', 'name of the context (default: the API host and port, e.g. 127.0.0.1:4300)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater auth login --token hw_…\n  $ headwater auth login --api http://127.0.0.1:4300 --token hw_… --name staging',
    )
    .action(async (options: { token: string; name?: string }, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command, { token: options.token });
      const { AuthorizationError } = await import('@headwater/client');
      const info = await client.authInfo().catch((error: unknown) => {
        if (AuthorizationError.isInstance(error)) {
          throw new CliError({
            code: 'LOGIN_REFUSED',
            message: `The Headwater API at ${client.api} refused this token: ${error.serverMessage ?? error.message}`,
            cause: error,
          });
        }
        throw error;
      });
      const { contexts } = client.connection;
      const saved = contexts.save({ api: client.api, token: options.token, name: options.name });
      await warnAboutOverrides(output, saved);
      if (process.env.HEADWATER__CLOUD__AUTH_TOKEN)
        output.warn('HEADWATER__CLOUD__AUTH_TOKEN is set and takes precedence over the saved token.');
      output.result(
        {
          context: saved.name,
          api: saved.api,
          tenant: info.tenantName,
          tokenName: info.tokenName,
          scope: info.scope,
        },
        `Logged in to ${saved.api} as token "${info.tokenName}" (${info.scope}) of tenant "${info.tenantName}". Context "${saved.name}" is now current (saved in ${contexts.path}).`,
      );
    });
}

function registerStatus(auth: Command): void {
  auth
    .command('status')
    .description(
      'show the API and token in use (the current context), whether the API accepts it, and with --all every saved context',
    )
    .option('--all', 'also check and list every saved context')
    .addOption(jsonOption())
    .addHelpText('after', '\nExamples:\n  $ headwater auth status\n  $ headwater auth status --all --json')
    .addHelpText('after', '\nExits with 1 when the API in use does not answer or refuses the token.')
    .action(async (options: { all?: boolean }, command: Command) => {
      const output = Output.fromCommand(command);
      const connection = await connectionFromCommand(command);
      const noLogin = !connection.token && connection.contexts.list().length === 0;
      if (noLogin && !options.all)
        throw new CliError({
          code: 'NOT_LOGGED_IN',
          message: `No token for ${connection.api}. Log in with \`headwater auth login --token <token>\` or set HEADWATER__CLOUD__AUTH_TOKEN.`,
        });
      const [status, others] = await Promise.all([
        connectionStatus(connection),
        options.all
          ? savedContextStatuses(connection.contexts.list(), connection.contexts.current()?.name)
          : undefined,
      ]);
      output.result(others ? { ...status, contexts: others } : status, () =>
        [
          formatConnectionStatus(status),
          ...(others
            ? ['', others.length > 0 ? formatTable(SAVED_CONTEXT_COLUMNS, others) : 'No saved contexts.']
            : []),
        ].join('\n'),
      );
      if (!status.authenticated)
        throw new CliError({
          code: status.answers ? 'LOGIN_REFUSED' : 'API_UNREACHABLE',
          message: status.problem ?? 'not logged in',
        });
    });
}

function registerSwitch(auth: Command): void {
  auth
    .command('switch')
    .description('make another saved context the current one, by its name or API URL')
    .argument('<context>', 'the context name or API URL (see `headwater auth status --all`)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater auth switch staging\n  $ headwater auth switch http://127.0.0.1:4200',
    )
    .action(async (wanted: string, _options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const connection = await connectionFromCommand(command);
      const saved = connection.contexts.use(wanted);
      await warnAboutOverrides(output, saved);
      output.result(
        { context: saved.name, api: saved.api },
        `Switched to context "${saved.name}" (${saved.api}).`,
      );
    });
}

function registerLogout(auth: Command): void {
  auth
    .command('logout')
    .description('forget a saved context and its token (default: the one in use)')
    .argument('[context]', 'the context name or API URL (see `headwater auth status --all`)')
    .addOption(jsonOption())
    .addHelpText('after', '\nExamples:\n  $ headwater auth logout\n  $ headwater auth logout staging')
    .action(async (wanted: string | undefined, _options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const { api, context, contexts } = await connectionFromCommand(command);
      const name = wanted === undefined ? context : (contexts.find(wanted)?.name ?? wanted);
      if (name === undefined) {
        output.result({ context: null, api }, `No login was saved for ${api}.`);
        return;
      }
      const removed = contexts.remove(name);
      const current = contexts.current();
      output.result(
        { context: removed.name, api: removed.api, current: current?.name ?? null },
        `Logged out of ${removed.api} (context "${removed.name}").`,
      );
      const left = contexts.list().map((saved) => saved.name);
      if (!current && left.length > 0)
        output.note(
          `No context is current now: choose one with \`headwater auth switch <context>\` (${left.join(', ')}).`,
        );
    });
}

/**
 * Says when commands without `--api` will not talk to the context just made current, because
 * `HEADWATER__CLOUD__API` or the config file's `cloud.api` names another API (they win).
 */
async function warnAboutOverrides(output: Output, saved: SavedContext): Promise<void> {
  const { resolveConnection } = await import('@headwater/client');
  const { api, apiSource } = resolveConnection();
  if (api === saved.api || (apiSource !== 'env' && apiSource !== 'config')) return;
  const setting =
    apiSource === 'env' ? 'HEADWATER__CLOUD__API is set and wins' : "The config file's cloud.api wins";
  output.warn(
    `${setting} over the current context: commands without --api still talk to ${api}. Remove it to use "${saved.name}".`,
  );
}

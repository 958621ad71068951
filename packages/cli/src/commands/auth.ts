import { type Command, Option } from 'commander';
import { CliError } from '../cli-error.js';
import { clientFromCommand } from '../client-from-command.js';
import { formatAge, formatTimestamp } from '../output/format-time.js';
import { Output } from '../output/output.js';

const SCOPES = ['USER', 'RUNNER'] as const;

export function registerAuthCommand(program: Command): void {
  const auth = program
    .command('auth')
    .description('log in to a Headwater API and manage API tokens')
    .addHelpText('after', '\nExample:\n  $ headwater auth login --token hw_…');

  auth
    .command('login')
    .description('check a token against the API and save it for this API URL (file mode 0600)')
    .requiredOption('-t, --token <token>', 'the API token to log in with')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater auth login --token hw_…\n  $ headwater --api http://127.0.0.1:4200 auth login --token hw_…',
    )
    .action(async (options: { token: string }, command: Command) => {
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
      const stored = client.connection.tokenStore.save(client.api, options.token);
      if (process.env.HEADWATER__CLOUD__AUTH_TOKEN) {
        output.warn('HEADWATER__CLOUD__AUTH_TOKEN is set and takes precedence over the saved token.');
      }
      output.result(
        { api: client.api, tenant: info.tenantName, tokenName: info.tokenName, scope: info.scope },
        `Logged in to ${client.api} as token "${info.tokenName}" (${info.scope}) of tenant "${info.tenantName}". Saved to ${client.connection.tokenStore.pathFor(stored.api)}.`,
      );
    });

  auth
    .command('logout')
    .description('forget the token saved for this API URL')
    .addHelpText('after', '\nExample:\n  $ headwater auth logout')
    .action(async (_options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const removed = client.connection.tokenStore.remove(client.api);
      output.line(removed ? `Logged out of ${client.api}.` : `No token was saved for ${client.api}.`);
    });

  auth
    .command('status')
    .description('show which API and token are used, and what the token may do')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  $ headwater auth status')
    .action(async (_options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const { api, apiSource, tokenSource } = client.connection;
      if (!client.hasToken) {
        throw new CliError({
          code: 'NOT_LOGGED_IN',
          message: `No token for ${api}. Log in with \`headwater auth login --token <token>\` or set HEADWATER__CLOUD__AUTH_TOKEN.`,
        });
      }
      const info = await client.authInfo();
      output.result({ api, apiSource, tokenSource, ...info }, () =>
        [
          `API:    ${api} (from ${describeSource(apiSource)})`,
          `Token:  "${info.tokenName}" (${info.scope}), from ${describeSource(tokenSource)}`,
          `Tenant: ${info.tenantName} (${info.tenantId})`,
        ].join('\n'),
      );
    });

  auth
    .command('create-token')
    .description('create an API token (needs a USER token); prints the secret once')
    .requiredOption('-n, --name <name>', 'a name to recognise the token by')
    .addOption(
      new Option('-s, --scope <scope>', 'USER (everything) or RUNNER (agents and flow runs)')
        .choices(SCOPES)
        .makeOptionMandatory(),
    )
    .option('--expires-at <time>', 'ISO time after which the token stops working')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  $ headwater auth create-token --name laptop-agent --scope RUNNER')
    .action(
      async (options: { name: string; scope: 'USER' | 'RUNNER'; expiresAt?: string }, command: Command) => {
        const output = Output.fromCommand(command);
        const client = await clientFromCommand(command);
        const created = await client.createApiToken({
          name: options.name,
          scope: options.scope,
          ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
        });
        output.note(
          `Created ${created.apiToken.scope} token "${created.apiToken.name}" (${created.apiToken.id}).`,
        );
        output.note('Copy the secret now: it is not shown again.');
        output.result({ ...created.apiToken, token: created.token }, created.token);
      },
    );

  auth
    .command('list-tokens')
    .description("list the tenant's API tokens (never their secrets)")
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  $ headwater auth list-tokens')
    .action(async (_options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const tokens = await (await clientFromCommand(command)).listApiTokens();
      output.table(
        [
          { header: 'ID', value: (t) => t.id },
          { header: 'NAME', value: (t) => t.name },
          { header: 'SCOPE', value: (t) => t.scope },
          { header: 'PREFIX', value: (t) => t.prefix },
          { header: 'CREATED', value: (t) => formatAge(t.created) },
          { header: 'LAST USED', value: (t) => formatAge(t.lastUsed) },
          { header: 'EXPIRES', value: (t) => formatTimestamp(t.expiresAt) },
          { header: 'REVOKED', value: (t) => (t.revoked ? 'yes' : '') },
        ],
        tokens,
      );
    });

  auth
    .command('revoke-token')
    .description('revoke an API token; it stops working at once')
    .requiredOption('-i, --id <id>', 'id of the token (see `auth list-tokens`)')
    .addHelpText('after', '\nExample:\n  $ headwater auth revoke-token --id 6f1c…')
    .action(async (options: { id: string }, command: Command) => {
      const output = Output.fromCommand(command);
      await (await clientFromCommand(command)).revokeApiToken(options.id);
      output.line(`Revoked token ${options.id}.`);
    });
}

function describeSource(source: string): string {
  switch (source) {
    case 'explicit':
      return 'the command line';
    case 'env':
      return 'the environment';
    case 'config':
      return 'the config file';
    case 'login':
      return '`headwater auth login`';
    default:
      return 'the default';
  }
}

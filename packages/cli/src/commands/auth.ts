import { type Command, Option } from 'commander';
import { clientFromCommand } from '../client-from-command.js';
import { addDeprecatedAlias } from '../options/deprecated-alias.js';
import { formatAge, formatTimestamp } from '../output/format-time.js';
import { Output } from '../output/output.js';
import { registerContextCommands } from './auth-contexts.js';

const SCOPES = ['USER', 'RUNNER'] as const;

export function defineAuthCommands(auth: Command): void {
  auth.addHelpText(
    'after',
    '\nExamples:\n  $ headwater auth login --api http://127.0.0.1:4300 --token hw_…\n  $ headwater auth status --all\n  $ headwater auth switch 127.0.0.1:4200',
  );

  registerContextCommands(auth);

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
        // -q prints the secret: it is what a script needs, and it is not shown again.
        output.result({ ...created.apiToken, token: created.token }, created.token, created.token);
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

  const revoke = auth
    .command('revoke-token')
    .description('revoke an API token; it stops working at once')
    .requiredOption('--id <id>', 'id of the token (see `auth list-tokens`)')
    .addHelpText('after', '\nExample:\n  $ headwater auth revoke-token --id 6f1c…')
    .action(async (options: { id: string }, command: Command) => {
      const output = Output.fromCommand(command);
      await (await clientFromCommand(command)).revokeApiToken(options.id);
      output.line(`Revoked token ${options.id}.`);
    });
  addDeprecatedAlias(revoke, '-i <id>', '--id');
}

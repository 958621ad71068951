import type { Secret } from '@headwater/client';
import type { Command } from 'commander';
import { clientFromCommand } from '../client-from-command.js';
import { confirm } from '../confirm.js';
import { jsonOption } from '../options/flag-vocabulary.js';
import { formatAge, formatTimestamp } from '../output/format-time.js';
import { Output } from '../output/output.js';
import { readSecretValue } from '../read-secret-value.js';

/** `headwater secret set|list|delete`: the tenant's secrets, which flow runs read by name. */
export function defineSecretCommands(secret: Command): void {
  secret.addHelpText('after', '\nExample:\n  $ printf %s "$DB_PASSWORD" | headwater secret set DB_PASSWORD');

  secret
    .command('set')
    .description(
      'create or replace a secret; the value comes from stdin, or a prompt that does not echo it on a terminal (never an argument, which would stay in shell history)',
    )
    .argument('<name>', 'letters, digits and _, e.g. DB_PASSWORD')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater secret set DB_PASSWORD            (asks for the value)\n  $ printf %s "$DB_PASSWORD" | headwater secret set DB_PASSWORD\n  $ headwater secret set GCP_KEY < key.json\n\nA local run (flow.run()) reads secret NAME from HEADWATER__CONTEXT__SECRETS__NAME instead.',
    )
    .action(async (name: string, _options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const value = await readSecretValue(name);
      const client = await clientFromCommand(command);
      const { secret: stored, created } = await client.setSecret(name, value);
      output.result(
        { ...stored, created },
        `${created ? 'Created' : 'Replaced'} secret ${stored.name}; flow runs read it with secret('${stored.name}').`,
        stored.name,
      );
    });

  secret
    .command('list')
    .description('list the secrets: NAME, CREATED, UPDATED (never their values)')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  $ headwater secret list')
    .action(async (_options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const secrets = await (await clientFromCommand(command)).listSecrets();
      output.table(
        [
          { header: 'NAME', value: (s: Secret) => s.name },
          { header: 'CREATED', value: (s: Secret) => formatTimestamp(s.created) },
          { header: 'UPDATED', value: (s: Secret) => formatAge(s.updated) },
        ],
        secrets,
      );
    });

  secret
    .command('delete')
    .description('delete a secret; runs that read it afterwards fail (asks first on a terminal)')
    .argument('<name>', 'the secret name')
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  $ headwater secret delete DB_PASSWORD --yes')
    .action(async (name: string, options: { yes?: boolean }, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      await confirm(output, {
        question: `Delete secret ${name}? Flow runs that read it will fail.`,
        yes: options.yes,
        declined: 'Nothing deleted.',
      });
      await client.deleteSecret(name);
      output.result({ name, deleted: true }, `Deleted secret ${name}.`, name);
    });
}

import type { ServerConfig } from '@headwater/core';
import { type Command, Option } from 'commander';
import { Output } from '../output/output.js';
import { collect, parsePort, parseSeconds } from '../parse-options.js';
import { UsageError } from '../usage-error.js';

interface StartFlags {
  secretsKeyFile?: string;
  host?: string;
  port?: number;
  databaseUrl?: string;
  heartbeatTimeout?: number;
  lazarusTimeout?: number;
  corsOrigin?: string[];
}

/** The config's `server` section with the flags given on the command line laid over it. */
function withFlags(config: ServerConfig, flags: StartFlags): ServerConfig {
  const { zombie_killer: zombieKiller, lazarus } = config.services;
  return {
    ...config,
    host: flags.host ?? config.host,
    port: flags.port ?? config.port,
    secrets_key_file: flags.secretsKeyFile ?? config.secrets_key_file,
    ...(flags.secretsKeyFile ? { secrets_key: '' } : {}),
    cors_origins: flags.corsOrigin ?? config.cors_origins,
    services: {
      ...config.services,
      zombie_killer: {
        ...zombieKiller,
        heartbeat_timeout: flags.heartbeatTimeout ?? zombieKiller.heartbeat_timeout,
      },
      lazarus: { ...lazarus, heartbeat_timeout: flags.lazarusTimeout ?? lazarus.heartbeat_timeout },
    },
  };
}

export function defineServerCommands(server: Command): void {
  server.addHelpText('after', '\nExample:\n  $ headwater server start');

  server
    .command('start')
    .description(
      'start the API server (embedded SQLite by default); the first start prints a one-time admin token',
    )
    .option('--host <host>', 'interface to listen on (default: config server.host, 127.0.0.1)')
    .option(
      '--port <port>',
      'port to listen on, 0 picks a free one (default: config server.port, 4200)',
      parsePort,
    )
    .option(
      '--database-url <url>',
      'postgres://… for PostgreSQL, or a SQLite file path (default: ~/.headwater/server/headwater.db)',
    )
    .option(
      '--heartbeat-timeout <seconds>',
      'a Running task run whose flow run sent no heartbeat for this long is retried or failed by the zombie killer (default: config server.services.zombie_killer.heartbeat_timeout, 120)',
      parseSeconds,
    )
    .option(
      '--lazarus-timeout <seconds>',
      'a Submitted/Running flow run without heartbeat and live task runs for this long is rescheduled by lazarus (default: config server.services.lazarus.heartbeat_timeout, 600)',
      parseSeconds,
    )
    .option(
      '--cors-origin <origin>',
      'another web origin whose pages may call the API, e.g. https://ops.example.com; repeat for more (default: config server.cors_origins, none: the UI the server serves needs no CORS)',
      collect,
    )
    .option(
      '--secrets-key-file <path>',
      'a file holding the key secrets are encrypted with, base64 of 32 bytes from `headwater server secrets-key` (default: config server.secrets_key or server.secrets_key_file; without one, secrets are off)',
    )
    .addHelpText(
      'after',
      `
Stops cleanly on Ctrl-C or SIGTERM (in-flight requests finish first).

Settings: flags win over HEADWATER__SERVER__… variables, which win over the config file
(~/.headwater/config.toml). Times in seconds; defaults on the right:
  server.host, server.port, server.cors_origins (a list; comma-separated in the variable)
  server.services.scheduler.{enabled, interval}                            150 s
  server.services.zombie_killer.{enabled, interval, heartbeat_timeout}     120 s, 120 s
  server.services.lazarus.{enabled, interval, heartbeat_timeout}           600 s, 600 s
  server.secrets_key, server.secrets_key_file   the key secrets are encrypted with (none: off)
  e.g. HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__HEARTBEAT_TIMEOUT=300
Keep heartbeat timeouts well above the runs' cloud.heartbeat_interval (30 s by default).

Examples:
  $ headwater server start
  $ headwater server start --port 4300 --database-url postgres://headwater@127.0.0.1/headwater
  $ headwater server start --heartbeat-timeout 300 --lazarus-timeout 1800`,
    )
    .action(async (options: StartFlags, command: Command) => {
      const output = Output.fromCommand(command);
      const { loadConfig, parseOrigin } = await import('@headwater/core');
      const { serverOptionsFromConfig, startServer } = await import('@headwater/server');
      const notOrigin = options.corsOrigin?.find((value) => parseOrigin(value) === undefined);
      if (notOrigin !== undefined) {
        throw new UsageError(
          `--cors-origin "${notOrigin}" is not a web origin: give scheme, host and port only, e.g. https://ops.example.com.`,
        );
      }
      const running = await startServer({
        ...serverOptionsFromConfig(withFlags(loadConfig().server, options)),
        ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
        print: (line) => output.line(line),
      });
      output.line(
        `Headwater API listening on ${running.url} (${running.database}); GraphQL at ${running.graphqlUrl}`,
      );
      output.note('Press Ctrl-C to stop.');
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      output.note(`${signal}: stopping the server…`);
      await running.close();
      output.note('Server stopped.');
    });

  server
    .command('secrets-key')
    .description(
      'print a new random key to encrypt secrets with (base64 of 32 bytes); keep it safe, secrets stored with it need it',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater server secrets-key > ~/.headwater/secrets.key && chmod 600 ~/.headwater/secrets.key\n  $ headwater server start --secrets-key-file ~/.headwater/secrets.key\n  $ HEADWATER__SERVER__SECRETS_KEY="$(headwater server secrets-key)" headwater server start',
    )
    .action(async (_options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const { generateSecretsKey } = await import('@headwater/server');
      output.line(generateSecretsKey());
    });

  server
    .command('create-token')
    .description('create an API token straight in the server database (no running server or login needed)')
    .requiredOption('-n, --name <name>', 'a name to recognise the token by')
    .addOption(
      new Option('-s, --scope <scope>', 'USER (everything) or RUNNER (agents and flow runs)')
        .choices(['USER', 'RUNNER'])
        .makeOptionMandatory(),
    )
    .option('--database-url <url>', 'the server database (default: ~/.headwater/server/headwater.db)')
    .option('--expires-at <time>', 'ISO time after which the token stops working')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  $ headwater server create-token --name laptop-agent --scope RUNNER')
    .action(
      async (
        options: { name: string; scope: 'USER' | 'RUNNER'; databaseUrl?: string; expiresAt?: string },
        command: Command,
      ) => {
        const output = Output.fromCommand(command);
        const { createApiTokenDirect } = await import('@headwater/server');
        const created = await createApiTokenDirect({
          name: options.name,
          scope: options.scope,
          ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
          ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
        });
        output.note(
          `Created ${options.scope} token "${options.name}" (${created.id}); copy it now, it is not shown again.`,
        );
        output.result(
          { id: created.id, name: options.name, scope: options.scope, token: created.token },
          created.token,
          created.token,
        );
      },
    );
}

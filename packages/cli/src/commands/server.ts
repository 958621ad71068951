import { type Command, Option } from 'commander';
import { Output } from '../output/output.js';
import { parsePort } from '../parse-options.js';

export function registerServerCommand(program: Command): void {
  const server = program
    .command('server')
    .description('run the Headwater API server and manage it directly')
    .addHelpText('after', '\nExample:\n  $ headwater server start');

  server
    .command('start')
    .description(
      'start the API server (embedded SQLite by default); the first start prints a one-time admin token',
    )
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 4200)
    .option(
      '--database-url <url>',
      'postgres://… for PostgreSQL, or a SQLite file path (default: ~/.headwater/server/headwater.db)',
    )
    .addHelpText(
      'after',
      `
Stops cleanly on Ctrl-C or SIGTERM (in-flight requests finish first).

Examples:
  $ headwater server start
  $ headwater server start --port 4300 --database-url postgres://headwater@127.0.0.1/headwater`,
    )
    .action(async (options: { host: string; port: number; databaseUrl?: string }, command: Command) => {
      const output = Output.fromCommand(command);
      const { startServer } = await import('@headwater/server');
      const running = await startServer({
        host: options.host,
        port: options.port,
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
        );
      },
    );
}

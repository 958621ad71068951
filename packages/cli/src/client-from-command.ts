import type { Client, Connection } from '@headwater/client';
import type { Command } from 'commander';
import { globalOptions } from './global-options.js';

/**
 * The API client for a command: the global `--api` option, then the usual resolution
 * (environment, config file, the current context saved by `auth login` / `auth switch`).
 * The client package loads here, when a command talks to the API, not when the CLI starts.
 */
export async function clientFromCommand(command: Command, options: { token?: string } = {}): Promise<Client> {
  const { Client } = await import('@headwater/client');
  return new Client({ api: globalOptions(command).api, token: options.token });
}

/** The API URL and token a command would use, with where each came from (the token included: never print it). */
export async function connectionFromCommand(command: Command): Promise<Connection> {
  const { resolveConnection } = await import('@headwater/client');
  return resolveConnection({ api: globalOptions(command).api });
}

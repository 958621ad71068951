import type { Client } from '@headwater/client';
import type { Command } from 'commander';
import { globalOptions } from './global-options.js';

/**
 * The API client for a command: the global `--api` option, then the usual resolution
 * (environment, config file, the token `auth login` stored for that API). The client package
 * loads here, when a command talks to the API, not when the CLI starts.
 */
export async function clientFromCommand(command: Command, options: { token?: string } = {}): Promise<Client> {
  const { Client } = await import('@headwater/client');
  return new Client({ api: globalOptions(command).api, token: options.token });
}

import { Client } from '@headwater/client';
import type { Command } from 'commander';
import { globalOptions } from './global-options.js';

/**
 * The API client for a command: the global `--api` option, then the usual resolution
 * (environment, config file, the token `auth login` stored for that API).
 */
export function clientFromCommand(command: Command, options: { token?: string } = {}): Client {
  return new Client({ api: globalOptions(command).api, token: options.token });
}

import type { Command } from 'commander';
import { registerAuthCommand } from './auth.js';
import { registerCreateCommand } from './create.js';
import { registerDescribeCommand } from './describe.js';
import { registerGetCommand } from './get.js';
import { registerRunCommand } from './run.js';
import { registerVersionCommand } from './version.js';

/** Every command group of the `headwater` CLI, in the order `--help` lists them. */
export const commandGroups: ((program: Command) => void)[] = [
  registerAuthCommand,
  registerCreateCommand,
  registerGetCommand,
  registerDescribeCommand,
  registerRunCommand,
  registerVersionCommand,
];

import type { Command } from 'commander';
import { registerVersionCommand } from './version.js';

/** Every command group of the `headwater` CLI, in the order `--help` lists them. */
export const commandGroups: ((program: Command) => void)[] = [registerVersionCommand];

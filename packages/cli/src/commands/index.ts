import type { Command } from 'commander';
import { registerAgentCommand } from './agent.js';
import { registerArchiveCommand } from './archive.js';
import { registerAuthCommand } from './auth.js';
import { registerCancelCommand } from './cancel.js';
import { registerCompletionCommand } from './completion.js';
import { registerConfigCommand } from './config.js';
import { registerCreateCommand } from './create.js';
import { registerDeleteCommand } from './delete.js';
import { registerDeployCommand } from './deploy.js';
import { registerDescribeCommand } from './describe.js';
import { registerExecuteCommand } from './execute.js';
import { registerGetCommand } from './get.js';
import { registerInspectCommand } from './inspect.js';
import { registerLimitCommand } from './limit.js';
import { registerRestartCommand } from './restart.js';
import { registerResumeCommand } from './resume.js';
import { registerRunCommand } from './run.js';
import { registerScheduleCommand } from './schedule.js';
import { registerSecretCommand } from './secret.js';
import { registerSerializeCommand } from './serialize.js';
import { registerServerCommand } from './server.js';
import { registerSetCommand } from './set.js';
import { registerVersionCommand } from './version.js';
import { registerWorkerCommand } from './worker.js';

/** Every command group of the `headwater` CLI, in the order `--help` lists them. */
export const commandGroups: ((program: Command) => void)[] = [
  registerAuthCommand,
  registerCreateCommand,
  registerSerializeCommand,
  registerDeployCommand,
  registerGetCommand,
  registerDescribeCommand,
  registerInspectCommand,
  registerRunCommand,
  registerResumeCommand,
  registerCancelCommand,
  registerRestartCommand,
  registerScheduleCommand,
  registerSetCommand,
  registerSecretCommand,
  registerLimitCommand,
  registerArchiveCommand,
  registerDeleteCommand,
  registerServerCommand,
  registerAgentCommand,
  registerWorkerCommand,
  registerExecuteCommand,
  registerConfigCommand,
  registerCompletionCommand,
  registerVersionCommand,
];

import type { Command } from 'commander';
import { defineAgentCommands } from './agent.js';
import { defineArchiveCommands } from './archive.js';
import { defineAuthCommands } from './auth.js';
import { defineCancelCommands } from './cancel.js';
import type { CommandGroup } from './command-group.js';
import { registerCompletionCommand } from './completion.js';
import { registerConfigCommand } from './config.js';
import { defineCreateCommands } from './create.js';
import { defineDeleteCommands } from './delete.js';
import { registerDeployCommand } from './deploy.js';
import { defineDescribeCommands } from './describe.js';
import { defineExecuteCommands } from './execute.js';
import { defineGetCommands } from './get.js';
import { defineInspectCommands } from './inspect.js';
import { defineLimitCommands } from './limit.js';
import { defineRestartCommands } from './restart.js';
import { registerResumeCommand } from './resume.js';
import { defineRunCommands } from './run.js';
import { defineScheduleCommands } from './schedule.js';
import { defineSecretCommands } from './secret.js';
import { registerSerializeCommand } from './serialize.js';
import { defineServerCommands } from './server.js';
import { defineSetCommands } from './set.js';
import { registerVersionCommand } from './version.js';
import { defineWorkerCommands } from './worker.js';

/**
 * A top-level command of `headwater`: a group of subcommands, or a command of its own, which
 * registers itself whole (`headwater --help` shows its arguments and options).
 */
export type TopLevelCommand = CommandGroup | ((program: Command) => void);

/** Every top-level command of the `headwater` CLI, in the order `--help` lists them. */
export const topLevelCommands: TopLevelCommand[] = [
  {
    name: 'auth',
    description: 'log in to Headwater APIs, switch between them (contexts), and manage API tokens',
    define: defineAuthCommands,
  },
  { name: 'create', description: 'create objects in the Headwater API', define: defineCreateCommands },
  registerSerializeCommand,
  registerDeployCommand,
  { name: 'get', description: 'list projects, flows, flow runs, tasks and logs', define: defineGetCommands },
  {
    name: 'describe',
    description: 'show everything the API knows about a flow or a flow run, as JSON',
    define: defineDescribeCommands,
  },
  { name: 'inspect', description: 'look inside what Headwater built', define: defineInspectCommands },
  { name: 'run', description: 'start runs', define: defineRunCommands },
  registerResumeCommand,
  { name: 'cancel', description: 'cancel runs', define: defineCancelCommands },
  { name: 'restart', description: 'restart runs', define: defineRestartCommands },
  { name: 'schedule', description: "turn a flow's schedule on or off", define: defineScheduleCommands },
  { name: 'set', description: 'change settings', define: defineSetCommands },
  {
    name: 'secret',
    description:
      'manage the secrets flow runs read with secret("NAME") (values are encrypted on the server and never shown)',
    define: defineSecretCommands,
  },
  {
    name: 'limit',
    description:
      'manage concurrency limits: at most N task runs with a tag, or N runs of a flow, Running at once; the rest wait Queued',
    define: defineLimitCommands,
  },
  { name: 'archive', description: 'archive flows', define: defineArchiveCommands },
  { name: 'delete', description: 'delete flows', define: defineDeleteCommands },
  {
    name: 'server',
    description: 'run the Headwater API server and manage it directly',
    define: defineServerCommands,
  },
  {
    name: 'agent',
    description: 'run agents that pick up flow runs and start them in Docker or as processes',
    define: defineAgentCommands,
  },
  {
    name: 'worker',
    description: "run task runs that flow runs send to a BullMQ queue (the BullMQExecutor's workers)",
    define: defineWorkerCommands,
  },
  {
    name: 'execute',
    description: 'run work handed over by an agent (used inside flow images and run processes)',
    define: defineExecuteCommands,
  },
  registerConfigCommand,
  registerCompletionCommand,
  registerVersionCommand,
];

import type { FlowRunDeployment } from '@headwater/agent';
import type { LogLevel } from '@headwater/client';
import { Argument, type Command, InvalidArgumentError, Option } from 'commander';
import { addGlobalOptions, globalOptions } from '../global-options.js';
import { addDeprecatedAlias } from '../options/deprecated-alias.js';
import { collect, parsePositiveInteger } from '../parse-options.js';
import { addPluginOption, loadCommandPlugins, PLUGIN_HELP } from '../plugins.js';
import { UsageError } from '../usage-error.js';

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;

interface AgentStartOptions {
  token?: string;
  name?: string;
  label: string[];
  maxConcurrent?: number;
  pull: boolean;
  network: string;
  cpus?: number;
  memory?: string;
  runApi?: string;
  env: string[];
  runLogLevel: LogLevel;
  shutdownTimeout: number;
  showOutput?: boolean;
  reuseProcesses: boolean;
  standbyContainers: boolean;
  plugin: string[];
}

export function defineAgentCommands(agent: Command): void {
  agent.addHelpText(
    'after',
    '\nExample:\n  $ headwater agent start docker --token <RUNNER token> --label prod',
  );

  const start = addGlobalOptions(
    addPluginOption(
      agent
        .command('start')
        .description('poll the API for due flow runs and run each one (Ctrl-C stops it cleanly)')
        .addArgument(
          new Argument(
            '<type>',
            'docker: a container per run (Docker storage); process: a child process per run (Local storage)',
          ).choices(['docker', 'process']),
        )
        .option(
          '-t, --token <token>',
          'a RUNNER token (default: HEADWATER__CLOUD__AGENT__AUTH_TOKEN, then the usual token)',
        )
        .option('-n, --name <name>', 'the agent name registered with the API (default: <hostname>-<type>)')
        .option(
          '--label <label>',
          'run only flow runs whose labels are all among these (repeatable)',
          collect,
          [],
        )
        .option('--max-concurrent <n>', 'flow runs held at once (default: 10)', parsePositiveInteger)
        .option('--no-pull', 'docker: never pull images, use the ones on this host')
        .option('--network <mode>', "docker: the containers' network mode", 'host')
        .option('--cpus <n>', 'docker: CPU limit per run, e.g. 0.5', parsePositiveNumber)
        .option('--memory <size>', 'docker: memory limit per run, e.g. 512m or 2g')
        .option(
          '--run-api <url>',
          "the API URL runs report to, when it differs from the agent's (a,b for several replicas; default: every --api URL)",
        )
        .option(
          '-e, --env <KEY=VALUE>',
          'a variable for every run, e.g. HEADWATER__CLOUD__HEARTBEAT_INTERVAL=10 (repeatable)',
          collect,
          [],
        )
        .addOption(
          new Option('--run-log-level <level>', 'log level inside runs').choices(LOG_LEVELS).default('INFO'),
        )
        .option(
          '--shutdown-timeout <seconds>',
          'on stop, how long to wait for held runs before handing them back',
          parsePositiveNumber,
          30,
        )
        .option('--show-output', 'print what runs print, prefixed with the run name')
        .option(
          '--no-reuse-processes',
          'process: start a new process for every run (by default a process whose run left nothing behind takes the next run of its flow, with the flow loaded afresh)',
        )
        .option(
          '--no-standby-containers',
          "docker: create every run's container when the run comes (by default a container of the flow's image is started and loaded ahead of its next run, which is handed to it)",
        ),
    ),
  )
    .addHelpText(
      'after',
      [
        PLUGIN_HELP,
        'The agent also runs the flows of every storage type these plugins provide.',
        '',
        'Examples:',
        '  $ headwater agent start docker --token hw_… --label prod --max-concurrent 4',
        '  $ headwater agent start docker --no-pull --memory 1g',
        '  $ headwater agent start docker --no-standby-containers',
        '  $ headwater agent start process --name laptop',
        '  $ headwater agent start process --plugin headwater-storage-s3',
      ].join('\n'),
    )
    .action(async (type: 'docker' | 'process', options: AgentStartOptions, command: Command) => {
      const global = globalOptions(command);
      const runEnv = parseRunEnv(options.env);
      const { consoleAgentLogger, createDockerAgent, createProcessAgent, parseMemory } = await import(
        '@headwater/agent'
      );
      let memory: number | undefined;
      try {
        memory = options.memory === undefined ? undefined : parseMemory(options.memory);
      } catch (error) {
        throw new UsageError(`Invalid --memory: ${(error as Error).message}`);
      }
      const plugins = await loadCommandPlugins(options.plugin);
      const name = options.name ?? `${(await import('node:os')).hostname()}-${type}`;
      const logger = consoleAgentLogger(name, global.verbose ? 'debug' : global.quiet ? 'warn' : 'info');
      const output = options.showOutput
        ? (line: string, run: FlowRunDeployment) => process.stderr.write(`[${run.flowRunName}] ${line}\n`)
        : undefined;
      const common = {
        ...(global.api ? { api: global.api } : {}),
        ...(options.token ? { token: options.token } : {}),
        name,
        labels: options.label,
        ...(options.maxConcurrent ? { maxConcurrent: options.maxConcurrent } : {}),
        ...(options.runApi ? { runApi: options.runApi } : {}),
        runEnv,
        plugins,
        runLogLevel: options.runLogLevel,
        shutdownTimeoutMs: options.shutdownTimeout * 1000,
        logger,
        ...(output ? { output } : {}),
      };
      const instance =
        type === 'docker'
          ? createDockerAgent({
              ...common,
              pull: options.pull,
              networkMode: options.network,
              ...(options.cpus ? { cpus: options.cpus } : {}),
              ...(memory ? { memory } : {}),
              ...(options.standbyContainers ? {} : { standbyContainers: 0 }),
            })
          : createProcessAgent({ ...common, reuseProcesses: options.reuseProcesses });
      const stop = () => void instance.stop();
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      try {
        await instance.start();
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
  addDeprecatedAlias(start, '-l <label>', '--label');
}

function parsePositiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new InvalidArgumentError(`"${value}" is not a positive number.`);
  return number;
}

function parseRunEnv(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new UsageError(`Malformed --env "${pair}": write it as KEY=VALUE.`);
    env[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return env;
}

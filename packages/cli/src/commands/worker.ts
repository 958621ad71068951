import type { Command } from 'commander';
import { addGlobalOptions, globalOptions } from '../global-options.js';
import { parsePositiveInteger } from '../parse-options.js';
import { addPluginOption, loadCommandPlugins, PLUGIN_HELP } from '../plugins.js';
import { UsageError } from '../usage-error.js';

interface WorkerStartOptions {
  redis?: string;
  queue: string;
  concurrency: number;
  token?: string;
  lockDuration: number;
  plugin: string[];
}

/** The Redis URL without its credentials, for output. */
function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return url;
  }
}

export function defineWorkerCommands(worker: Command): void {
  worker.addHelpText(
    'after',
    '\nExample:\n  $ headwater worker start --redis redis://10.0.0.5:6379 --concurrency 8',
  );

  addGlobalOptions(
    addPluginOption(
      worker
        .command('start')
        .description(
          "take task runs from a BullMQ queue on Redis, load each flow from its run's storage, run the task and report it to the API (Ctrl-C stops it after the task runs in flight)",
        )
        .option('--redis <url>', 'the Redis of the queue, e.g. redis://10.0.0.5:6379 (required)')
        .option('--queue <name>', 'the BullMQ queue flow runs send task runs to', 'headwater-tasks')
        .option('--concurrency <n>', 'task runs in flight at once in this process', parsePositiveInteger, 1)
        .option('-t, --token <token>', 'a RUNNER token (default: the usual token)')
        .option(
          '--lock-duration <seconds>',
          'how long a task run stays with a worker that stopped answering before another worker runs it',
          parsePositiveInteger,
          30,
        ),
    ),
  )
    .addHelpText(
      'after',
      [
        '',
        'Flow runs send task runs here when their environment names the executor',
        '"@headwater/executor-bullmq:BullMQExecutor" with the same Redis and queue. A worker needs',
        "the API and the flows' storage (the Local storage directory, or the registry's images'",
        'bundles); it reports task-run states and logs to the API; results go back through Redis',
        "or the flow's result handler.",
        PLUGIN_HELP,
        '',
        'Examples:',
        '  $ headwater worker start --redis redis://10.0.0.5:6379',
        '  $ headwater worker start --redis redis://:secret@10.0.0.5:6379 --queue etl --concurrency 8 --token hw_…',
      ].join('\n'),
    )
    .action(async (options: WorkerStartOptions, command: Command) => {
      if (!options.redis) {
        throw new UsageError(
          'headwater worker start needs --redis <url>, e.g. --redis redis://127.0.0.1:6379.',
        );
      }
      const global = globalOptions(command);
      await loadCommandPlugins(options.plugin);
      const [{ Client }, { startBullMQWorker }] = await Promise.all([
        import('@headwater/client'),
        import('@headwater/executor-bullmq/worker'),
      ]);
      const client = new Client({
        ...(global.api ? { api: global.api } : {}),
        ...(options.token ? { token: options.token } : {}),
      });
      let running: Awaited<ReturnType<typeof startBullMQWorker>>;
      try {
        running = await startBullMQWorker({
          redis: options.redis,
          queue: options.queue,
          concurrency: options.concurrency,
          lockDurationMs: options.lockDuration * 1000,
          client,
        });
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      if (!global.quiet) {
        process.stderr.write(
          `Worker ready: task runs from queue ${options.queue} on ${redisAddress(options.redis)}, ${options.concurrency} at a time, reported to ${client.api}.\n`,
        );
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await running.close();
    });
}

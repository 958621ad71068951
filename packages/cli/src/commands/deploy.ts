import { dirname } from 'node:path';
import type { Flow, StorageBackendV2 } from '@headwater/core';
import { type Command, Option } from 'commander';
import { clientFromCommand } from '../client-from-command.js';
import { ExitError } from '../exit-error.js';
import { flowFilePath, loadFlows } from '../load-flows.js';
import { Output } from '../output/output.js';
import { collect } from '../parse-options.js';
import { addPluginOption, loadCommandPlugins, PLUGIN_HELP } from '../plugins.js';
import { UsageError } from '../usage-error.js';

interface DeployCommandOptions {
  project: string;
  flow?: string;
  storage: 'docker' | 'local';
  registryUrl?: string;
  imageName?: string;
  imageTag?: string;
  baseImage?: string;
  dependency?: string[];
  directory?: string;
  push: boolean;
  schedule: boolean;
  idempotencyKey?: string;
  plugin: string[];
}

const STORAGE_OPTIONS = [
  'registryUrl',
  'imageName',
  'imageTag',
  'baseImage',
  'dependency',
  'directory',
] as const;

export function registerDeployCommand(program: Command): void {
  addPluginOption(program.command('deploy'))
    .description(
      'build a flow into its storage (a Docker image, pushed to your registry), check it, and register it in a project',
    )
    .argument('<file>', 'the TypeScript or JavaScript module that exports the flow')
    .requiredOption(
      '-p, --project <project>',
      'the project to deploy into (create it with `headwater create project`)',
    )
    .option('-f, --flow <name>', 'the flow to deploy, when the file exports several')
    .addOption(
      new Option('--storage <type>', 'storage for a flow that has none')
        .choices(['docker', 'local'])
        .default('docker'),
    )
    .option('--registry-url <url>', 'Docker: registry to push to, e.g. 127.0.0.1:5000 or ghcr.io/acme')
    .option('--image-name <name>', 'Docker: image repository name (default: the flow name)')
    .option('--image-tag <tag>', 'Docker: image tag (default: a hash of the image contents)')
    .option('--base-image <image>', 'Docker: image to build on (default: node:<major>-slim)')
    .option('--dependency <package>', 'Docker: npm package to install in the image (repeatable)', collect)
    .option('--directory <dir>', 'Local: where the bundle is written (default: ~/.headwater/flows)')
    .option('--no-push', 'Docker: build the image but do not push it')
    .option('--no-schedule', 'register the flow with its schedule off')
    .option('--idempotency-key <key>', 'redeploying with the same key returns the existing version')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Storage options apply only to a flow created without storage; a flow that sets its own
storage is built with it.

The flow file may be TypeScript (.ts, .mts, .cts) or JavaScript (.js, .mjs), in an ESM
project, a CommonJS one, or a directory without package.json; its imports resolve from its
own project, which must have @headwater/core installed.
${PLUGIN_HELP}

Examples:
  $ headwater deploy ./flows/etl.ts --project "My Project" --registry-url 127.0.0.1:5000
  $ headwater deploy ./flows/etl.ts --project "My Project" --storage local
  $ headwater deploy ./flows/etl.ts --project "My Project" --plugin headwater-storage-s3`,
    )
    .action(async (file: string, options: DeployCommandOptions, command: Command) => {
      const output = Output.fromCommand(command);
      // Plugins resolve from the flow's project first, as the flow's own imports do.
      await loadCommandPlugins(options.plugin, { projectDirectory: dirname(flowFilePath(file)) });
      const { flows, file: path } = await loadFlows(file, options.flow);
      if (flows.length > 1) {
        throw new UsageError(
          `${path} exports several flows (${flows.map((f) => `"${f.name}"`).join(', ')}): choose one with --flow.`,
        );
      }
      const flow = flows[0]!;
      if (!flow.storage) flow.storage = await createStorage(options);
      else {
        const given = STORAGE_OPTIONS.filter((key) => options[key] !== undefined);
        if (given.length > 0) {
          throw new UsageError(
            `Flow "${flow.name}" sets its own ${flow.storage.name} storage, so ${given.map(toFlag).join(', ')} would be ignored: set them on the flow's storage, or drop them.`,
          );
        }
      }
      await deployWithProgress(command, output, flow, options);
    });
}

/** The storage for a flow that has none; the storage packages load only when needed. */
async function createStorage(options: DeployCommandOptions): Promise<StorageBackendV2> {
  if (options.storage === 'local') {
    const docker = STORAGE_OPTIONS.filter((key) => key !== 'directory' && options[key] !== undefined);
    if (docker.length > 0)
      throw new UsageError(`${docker.map(toFlag).join(', ')} apply to Docker storage, not --storage local.`);
    const { createLocalStorage } = await import('@headwater/storage-local');
    return createLocalStorage(options.directory ? { directory: options.directory } : {});
  }
  if (options.directory) throw new UsageError('--directory applies to --storage local.');
  const { createDockerStorage } = await import('@headwater/storage-docker');
  return createDockerStorage({
    ...(options.registryUrl ? { registryUrl: options.registryUrl } : {}),
    ...(options.imageName ? { imageName: options.imageName } : {}),
    ...(options.imageTag ? { imageTag: options.imageTag } : {}),
    ...(options.baseImage ? { baseImage: options.baseImage } : {}),
    ...(options.dependency ? { dependencies: options.dependency } : {}),
  });
}

async function deployWithProgress(
  command: Command,
  output: Output,
  flow: Flow,
  options: DeployCommandOptions,
): Promise<void> {
  const client = await clientFromCommand(command);
  const reporter = await output.progress();
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('Deploy interrupted.'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const deployed = await client.deploy(flow, options.project, {
      reporter,
      signal: controller.signal,
      push: options.push,
      setScheduleActive: options.schedule,
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    });
    const storage = deployed.serializedFlow.storage as {
      type?: string;
      image_name?: string;
      image_tag?: string;
      registry_url?: string | null;
    } | null;
    const image =
      storage?.type === 'Docker'
        ? ` Image: ${[storage.registry_url, storage.image_name].filter(Boolean).join('/')}:${storage.image_tag}.`
        : '';
    output.result(
      deployed,
      `Flow "${deployed.name}" deployed to project "${deployed.projectName}": version ${deployed.version}, id ${deployed.id}.${image}`,
    );
  } catch (error) {
    reporter.stop();
    if (controller.signal.aborted) {
      output.warn('Deploy interrupted; nothing was registered.');
      throw new ExitError(130);
    }
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function toFlag(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

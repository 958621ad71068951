import type { Command } from 'commander';
import type { ImageEngine } from '../inspect/image-engine.js';
import type { ImageFlows } from '../inspect/image-flows.js';
import { Output } from '../output/output.js';

/** How to run and look into a flow image by hand: the lines `inspect image` prints after its flows. */
export function imageRecipe(image: string): string[] {
  return [
    `  docker run --rm ${image}                                   # its flows (the image's default command)`,
    `  docker run --rm ${image} headwater health-check /opt/headwater/health-check.json`,
    `  docker run --rm --network host -e HEADWATER__CLOUD__API=http://127.0.0.1:4200 \\`,
    '    -e HEADWATER__CLOUD__AUTH_TOKEN=<token> -e HEADWATER__CONTEXT__FLOW_RUN_ID=<flow-run id> \\',
    `    ${image} headwater execute flow-run                     # run one flow run in it, as an agent does`,
    `  docker run --rm -it ${image} sh                            # the bundle is in /opt/headwater`,
  ];
}

function describeImage(found: ImageFlows): string {
  const version = found.headwaterVersion ? `, built by Headwater ${found.headwaterVersion}` : '';
  return [
    `Image ${found.image} (${found.id})${version}: ${found.flows.length} flow${found.flows.length === 1 ? '' : 's'}`,
    ...found.flows.map((name) => `  ${name}`),
    '',
    'Run or look into it:',
    ...imageRecipe(found.image),
  ].join('\n');
}

export function defineInspectCommands(inspect: Command): void {
  inspect.addHelpText('after', '\nExample:\n  $ headwater inspect image 127.0.0.1:5000/etl:3f9c2a1b7d4e6f80');

  inspect
    .command('image')
    .description(
      'list the flows baked into a flow image (loading each, as a run would) and how to run one by hand',
    )
    .argument('<image>', 'the image, as `headwater deploy` printed it (pull it first if it is not local)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
The image's entry runs in a container without network (DOCKER_HOST picks the engine).

Examples:
  $ headwater inspect image etl:3f9c2a1b7d4e6f80
  $ headwater inspect image 127.0.0.1:5000/etl:3f9c2a1b7d4e6f80 --json`,
    )
    .action(async (image: string, _options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const [{ createDockerClient }, { imageFlows }] = await Promise.all([
        import('@headwater/storage-docker'),
        import('../inspect/image-flows.js'),
      ]);
      const engine = createDockerClient() as unknown as ImageEngine;
      const found = await imageFlows(engine, image);
      output.result(found, () => describeImage(found));
    });
}

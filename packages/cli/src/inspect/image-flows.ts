import { CliError } from '../cli-error.js';
import { demuxOutput, type ImageEngine } from './image-engine.js';

/** What `headwater inspect image` found in a flow image. */
export interface ImageFlows {
  /** The image as named. */
  image: string;
  /** The engine's image id. */
  id: string;
  /** The Headwater version that built it (its `io.headwater.version` label), if it says. */
  headwaterVersion: string | null;
  /** The flows the image's bundle loads, by name (its entry's `list`). */
  flows: string[];
}

/** Where Docker storage puts the bundle's entry in a flow image. */
export const IMAGE_ENTRY = '/opt/headwater/entry.mjs';

/**
 * The flows baked into a flow image: runs the image's entry `list` in a container without
 * network (so every flow module is loaded, as a run would load it) and reads the labels
 * Docker storage wrote; an image without them is refused before anything runs. The image
 * must be on the engine: pull it first.
 */
export async function imageFlows(engine: ImageEngine, image: string): Promise<ImageFlows> {
  const info = await inspectImage(engine, image);
  const labels = info.Config?.Labels ?? {};
  if (labels['io.headwater.flows'] === undefined) {
    throw new CliError({
      code: 'NOT_A_FLOW_IMAGE',
      message: `${image} is not a flow image built by Headwater (it has no io.headwater.flows label). Name an image \`headwater deploy\` built: its name is in the deploy's output and in \`headwater describe flow\`.`,
    });
  }
  const { code, stdout, stderr } = await runInImage(engine, image, [
    'node',
    '--enable-source-maps',
    IMAGE_ENTRY,
    'list',
  ]);
  if (code !== 0) {
    throw new CliError({
      code: 'IMAGE_FLOWS_UNREADABLE',
      message: `The flows in ${image} could not be loaded (\`node ${IMAGE_ENTRY} list\` exited ${code}):\n${stderr.trim()}\nRun its health check for details: docker run --rm ${image} headwater health-check /opt/headwater/health-check.json`,
    });
  }
  return {
    image,
    id: info.Id,
    headwaterVersion: labels['io.headwater.version'] ?? null,
    flows: stdout.split('\n').filter((line) => line.trim() !== ''),
  };
}

async function inspectImage(engine: ImageEngine, image: string) {
  try {
    return await engine.getImage(image).inspect();
  } catch (cause) {
    if ((cause as { statusCode?: number }).statusCode === 404) {
      throw new CliError({
        code: 'IMAGE_NOT_FOUND',
        message: `Image ${image} is not on this Docker engine: pull it first (\`docker pull ${image}\`), or check its name with \`docker images\`.`,
        cause,
      });
    }
    throw new CliError({
      code: 'DOCKER_UNREACHABLE',
      message: `Could not ask the Docker engine about ${image}: ${(cause as Error).message}. Is Docker running (DOCKER_HOST=${process.env.DOCKER_HOST ?? 'the default socket'})?`,
      cause,
    });
  }
}

/** Runs `command` in a new container of `image`, without network; resolves to its exit code and output. */
async function runInImage(engine: ImageEngine, image: string, command: string[]) {
  const container = await engine.createContainer({
    Image: image,
    Cmd: command,
    Tty: false,
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    const { StatusCode } = await container.wait();
    const output = demuxOutput(await container.logs({ stdout: true, stderr: true, follow: false }));
    return { code: StatusCode, ...output };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

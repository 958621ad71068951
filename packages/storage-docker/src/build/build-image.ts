import type { Readable } from 'node:stream';
import type { ProgressReporter } from '@headwater/core';
import type { DockerEngine } from '../docker-engine.js';
import { engineErrorMessage, followEngineStream, outputLines } from '../docker-engine.js';
import { BaseImageMissingError } from '../errors/base-image-missing-error.js';
import { DependencyInstallError } from '../errors/dependency-install-error.js';
import { HealthCheckError } from '../errors/health-check-error.js';
import { ImageBuildError } from '../errors/image-build-error.js';
import type { DockerfileStep } from './dockerfile.js';

export interface BuildImageInput {
  engine: DockerEngine;
  context: Readable;
  /** `<name>:<tag>` to tag the image with. */
  tag: string;
  steps: readonly DockerfileStep[];
  baseImage: string;
  dependencies: readonly string[];
  flowNames: readonly string[];
  reporter: ProgressReporter;
  signal?: AbortSignal;
}

const TAIL = 40;
const STEP = /^Step (\d+)\/(\d+) : /;

/**
 * Builds the image from a tar stream with the engine's classic builder on the host
 * network, streaming every output line to the reporter. A failure is reported by the
 * kind of step that failed, with that step's own output.
 */
export async function buildImage(input: BuildImageInput): Promise<string> {
  const { engine, reporter, steps } = input;
  reporter.step('image', `Building image ${input.tag}`);
  let current = -1;
  let stepOutput: string[] = [];
  let failure: string | undefined;
  let imageId: string | undefined;
  let partial = '';
  const onLine = (line: string) => {
    const match = STEP.exec(line);
    if (match) {
      current = Number(match[1]) - 1;
      stepOutput = [];
      const step = steps[current];
      if (step?.kind === 'health-check') {
        reporter.done('image', 'layers built');
        reporter.step('health-check', 'Checking the flows inside the image');
      }
      reporter.log('image', `Step ${match[1]}/${match[2]} : ${step?.display ?? line.slice(match[0].length)}`);
      return;
    }
    if (/^ ---> |^Removing intermediate container /.test(line)) return;
    stepOutput.push(line);
    reporter.log(steps[current]?.kind === 'health-check' ? 'health-check' : 'image', line);
  };
  try {
    const stream = await input.engine.buildImage(input.context as unknown as NodeJS.ReadableStream, {
      t: input.tag,
      forcerm: true,
      networkmode: 'host',
      abortSignal: input.signal,
    });
    await followEngineStream(engine, stream, (event) => {
      if (event.stream) {
        const lines = outputLines(partial + event.stream);
        partial = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      }
      if (event.aux?.ID) imageId = event.aux.ID;
      if (event.error) failure = event.errorDetail?.message ?? event.error;
    });
  } catch (error) {
    if (input.signal?.aborted) throw error;
    failure = engineErrorMessage(error);
  }
  if (partial) onLine(partial);
  if (failure === undefined && imageId) return imageId;
  const error = classify(input, steps[current], stepOutput, failure ?? 'the engine reported no image id');
  reporter.fail(steps[current]?.kind === 'health-check' ? 'health-check' : 'image', error);
  throw error;
}

function classify(
  input: BuildImageInput,
  step: DockerfileStep | undefined,
  output: string[],
  failure: string,
) {
  const printed = output.filter((line) => line.trim() !== '');
  const tail = printed.slice(-TAIL).join('\n');
  switch (step?.kind) {
    case 'base':
      return new BaseImageMissingError({ baseImage: input.baseImage, engineMessage: failure });
    case 'dependencies':
      return new DependencyInstallError({ dependencies: input.dependencies, output: tail || failure });
    case 'health-check':
      return new HealthCheckError({ flows: input.flowNames, output: printed.join('\n') || failure });
    default:
      return new ImageBuildError({
        step: step?.display ?? 'the build',
        output: [tail, failure].filter(Boolean).join('\n'),
      });
  }
}

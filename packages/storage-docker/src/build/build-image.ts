import type { Readable } from 'node:stream';
import type { ProgressReporter } from '@headwater/core';
import type { DockerEngine, EngineEvent } from '../docker-engine.js';
import { engineErrorMessage, followEngineStream, outputLines } from '../docker-engine.js';
import { BaseImageMissingError } from '../errors/base-image-missing-error.js';
import { DependencyInstallError } from '../errors/dependency-install-error.js';
import { HealthCheckError } from '../errors/health-check-error.js';
import { ImageBuildError } from '../errors/image-build-error.js';
import { type BuildkitStatus, decodeBuildkitStatus } from './buildkit-status.js';
import type { DockerfileStep } from './dockerfile.js';

export interface BuildImageInput {
  engine: DockerEngine;
  /** Makes the tar stream of the build context (a second time when the engine refuses BuildKit). */
  context: () => Readable;
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
const CLASSIC_STEP = /^Step (\d+)\/(\d+) : /;
/**
 * BuildKit names a Dockerfile instruction's vertex `[3/6] COPY …`, or `[stage-0 3/6] …`
 * when the Dockerfile copies from another image (the number padded from 10 on).
 */
const VERTEX_STEP = /^\[(?:\S+ )?\s*\d+\/\d+\] /;
const IMAGE_METADATA = /^\[internal\] load metadata for (\S+)$/;

/**
 * Builds the image from a tar stream on the host network, streaming every output line
 * to the reporter's `image` step (which the caller has started). BuildKit builds it when
 * the engine has BuildKit (its RUN steps, the health check among them, cost a fraction of
 * the classic builder's container commits); an engine that refuses a BuildKit build gets
 * the same build from its classic builder. A failure is reported by the kind of step that
 * failed, with that step's own output.
 */
export async function buildImage(input: BuildImageInput): Promise<string> {
  const { reporter, steps } = input;
  const progress = buildProgress(input.baseImage, steps, reporter);
  let failure: string | undefined;
  let imageId: string | undefined;
  try {
    const stream = await startBuild(input);
    await followEngineStream(input.engine, stream, (event) => {
      progress.onEvent(event);
      if (typeof event.aux === 'object' && event.aux.ID) imageId = event.aux.ID;
      if (event.error) failure = event.errorDetail?.message ?? event.error;
    });
  } catch (error) {
    if (input.signal?.aborted) throw error;
    failure = engineErrorMessage(error);
  }
  progress.flush();
  if (failure === undefined && imageId) return imageId;
  const failed = progress.failedStep();
  const step = failed === undefined ? undefined : steps[failed];
  const error = classify(input, step, progress.output(failed), failure ?? 'the engine reported no image id');
  reporter.fail(step?.kind === 'health-check' ? 'health-check' : 'image', error);
  throw error;
}

/** A BuildKit build, or a classic one when the engine answers the BuildKit request with an error. */
async function startBuild(input: BuildImageInput): Promise<NodeJS.ReadableStream> {
  const { engine, signal } = input;
  try {
    // Straight through the modem: dockerode's own BuildKit path opens a gRPC session, which
    // a build from an uploaded context does not need.
    return await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
      engine.modem.dial(
        {
          path: '/build?',
          method: 'POST',
          file: input.context(),
          options: { t: input.tag, networkmode: 'host', version: '2' },
          isStream: true,
          statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
          abortSignal: signal,
        },
        (error, stream) => (error ? reject(error) : resolve(stream as NodeJS.ReadableStream)),
      );
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    input.reporter.log(
      'image',
      `The engine refused a BuildKit build (${engineErrorMessage(error).trim()}); using its classic builder.`,
    );
  }
  return engine.buildImage(input.context() as unknown as NodeJS.ReadableStream, {
    t: input.tag,
    forcerm: true,
    networkmode: 'host',
    abortSignal: signal,
  });
}

/**
 * Follows a build's steps from either builder's events: the classic builder's
 * `Step n/m : …` lines, or BuildKit's vertexes and their logs. Logs each instruction
 * (in its display form) as its step starts, and keeps every step's output.
 */
function buildProgress(baseImage: string, steps: readonly DockerfileStep[], reporter: ProgressReporter) {
  let current = -1;
  let logged = -1;
  /** The step of the vertex BuildKit reported failed (undefined: a vertex of its own work). */
  let failed: { step: number | undefined } | undefined;
  let partial = '';
  const outputs = new Map<number, string[]>();
  const vertexSteps = new Map<string, number | undefined>();
  const partials = new Map<string, { step: number | undefined; text: string }>();

  const enter = (index: number) => {
    if (index <= current) return;
    current = index;
    for (let i = logged + 1; i <= index; i++) {
      if (steps[i]?.kind === 'health-check') {
        reporter.done('image', 'layers built');
        reporter.step('health-check', 'Checking the flows inside the image');
      }
      reporter.log('image', `Step ${i + 1}/${steps.length} : ${steps[i]?.display ?? ''}`);
    }
    logged = Math.max(logged, index);
  };
  const output = (index: number | undefined, line: string) => {
    if (index !== undefined) {
      const lines = outputs.get(index) ?? [];
      lines.push(line);
      outputs.set(index, lines);
    }
    reporter.log(
      index !== undefined && steps[index]?.kind === 'health-check' ? 'health-check' : 'image',
      line,
    );
  };

  const classicLine = (line: string) => {
    const match = CLASSIC_STEP.exec(line);
    if (match) {
      enter(Number(match[1]) - 1);
      return;
    }
    if (/^ ---> |^Removing intermediate container /.test(line)) return;
    output(current, line);
  };

  const buildkitStatus = (status: BuildkitStatus) => {
    for (const vertex of status.vertexes) {
      if (!vertexSteps.has(vertex.digest)) {
        vertexSteps.set(vertex.digest, stepOfVertex(steps, vertex.name, baseImage));
      }
      const index = vertexSteps.get(vertex.digest);
      if (index !== undefined && vertex.started) enter(index);
      if (vertex.error && failed === undefined) failed = { step: index };
    }
    for (const log of status.logs) {
      const key = `${log.vertex} ${log.stream}`;
      const pending = partials.get(key) ?? { step: vertexSteps.get(log.vertex), text: '' };
      const lines = outputLines(pending.text + Buffer.from(log.data).toString('utf8'));
      pending.text = lines.pop() ?? '';
      partials.set(key, pending);
      for (const line of lines) output(pending.step, line);
    }
  };

  return {
    onEvent(event: EngineEvent) {
      if (event.id === 'moby.buildkit.trace' && typeof event.aux === 'string') {
        buildkitStatus(decodeBuildkitStatus(event.aux));
      } else if (event.stream) {
        const lines = outputLines(partial + event.stream);
        partial = lines.pop() ?? '';
        for (const line of lines) classicLine(line);
      }
    },
    /** Hands on output lines that did not end with a newline. */
    flush() {
      if (partial) classicLine(partial);
      partial = '';
      for (const pending of partials.values()) if (pending.text) output(pending.step, pending.text);
      partials.clear();
    },
    /** The step BuildKit reported failed, else the last step that started. */
    failedStep: () => (failed ? failed.step : current >= 0 ? current : undefined),
    output: (index: number | undefined) => (index === undefined ? [] : (outputs.get(index) ?? [])),
  };
}

const words = (instruction: string) =>
  instruction
    .replace(/[[\]",]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);

/**
 * The step a BuildKit vertex builds: the instruction with the same words (BuildKit
 * rewrites JSON-form arguments and the base image name), else the only instruction with
 * its keyword. Vertexes of BuildKit's own work (loading the context, exporting) have none,
 * except that resolving the base image belongs to `FROM`.
 */
export function stepOfVertex(
  steps: readonly DockerfileStep[],
  name: string,
  baseImage: string,
): number | undefined {
  const metadata = IMAGE_METADATA.exec(name);
  if (metadata) {
    // `docker.io/library/node:20-slim` for `node:20-slim`
    const ofBase = metadata[1] === baseImage || metadata[1]!.endsWith(`/${baseImage}`);
    const base = steps.findIndex((step) => step.kind === 'base');
    return ofBase && base !== -1 ? base : undefined;
  }
  if (!VERTEX_STEP.test(name)) return undefined;
  const vertex = words(name.replace(VERTEX_STEP, '')).join(' ');
  const keyword = vertex.split(' ')[0];
  const candidates = steps.flatMap((step, index) => (words(step.instruction)[0] === keyword ? [index] : []));
  const same = candidates.find((index) => words(steps[index]!.instruction).join(' ') === vertex);
  return same ?? (candidates.length === 1 ? candidates[0] : undefined);
}

function classify(
  input: BuildImageInput,
  step: DockerfileStep | undefined,
  output: readonly string[],
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

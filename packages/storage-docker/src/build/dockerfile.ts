import { IMAGE_HEALTH_CHECK_COMMAND, IMAGE_LAYOUT, IMAGE_NODE_COMMAND } from '../image-layout.js';

/** What a Dockerfile instruction is for; a failing step is reported by its kind. */
export type StepKind = 'base' | 'setup' | 'dependencies' | 'files' | 'env' | 'bundle' | 'health-check';

export interface DockerfileStep {
  kind: StepKind;
  instruction: string;
  /** The instruction as it may be logged (ENV values hidden). */
  display: string;
}

export interface DockerfileInput {
  baseImage: string;
  /** Whether `install/package.json` (and local tarballs under `install/dependencies/`) are in the context. */
  hasDependencies: boolean;
  /** Context path → destination in the image. */
  files: readonly { context: string; destination: string }[];
  env: Readonly<Record<string, string>>;
  /** Image labels, e.g. the flow names (a step of its own; it stays cached while they do not change). */
  labels: Readonly<Record<string, string>>;
  /** The local image the Headwater runtime is copied from (see `ensureRuntimeImage`). */
  runtimeImage: string;
}

const json = (value: string) => JSON.stringify(value);

/**
 * The Dockerfile of a flow image. Steps that change least come first (the Headwater
 * runtime only changes with Headwater), so a code-only change rebuilds only the flow
 * code layer and the health check.
 */
export function dockerfileSteps(input: DockerfileInput): DockerfileStep[] {
  const app = IMAGE_LAYOUT.appDirectory;
  const steps: DockerfileStep[] = [];
  const add = (kind: StepKind, instruction: string, display = instruction) =>
    steps.push({ kind, instruction, display });
  add('base', `FROM ${input.baseImage}`);
  add('setup', `ENV PATH=${IMAGE_LAYOUT.binDirectory}:$PATH`);
  add('setup', `WORKDIR ${app}`);
  add('setup', `CMD ${JSON.stringify([...IMAGE_NODE_COMMAND, 'list'])}`);
  if (input.hasDependencies) {
    add('dependencies', `COPY install/ ${app}/`);
    add(
      'dependencies',
      'RUN npm install --omit=dev --no-audit --no-fund --no-update-notifier --loglevel=warn',
    );
  }
  for (const file of input.files) add('files', `COPY [${json(file.context)}, ${json(file.destination)}]`);
  const env = Object.entries(input.env).sort(([a], [b]) => a.localeCompare(b));
  if (env.length > 0) {
    add(
      'env',
      `ENV ${env.map(([key, value]) => `${key}=${json(value)}`).join(' \\\n    ')}`,
      `ENV ${env.map(([key]) => `${key}=***`).join(' ')}`,
    );
  }
  const runtime = `${IMAGE_LAYOUT.runtimeDirectory}/`;
  add('setup', `COPY --from=${input.runtimeImage} ${runtime} ${runtime}`);
  const labels = Object.entries(input.labels).sort(([a], [b]) => a.localeCompare(b));
  if (labels.length > 0)
    add('setup', `LABEL ${labels.map(([key, value]) => `${key}=${json(value)}`).join(' ')}`);
  add('bundle', `COPY app/ ${app}/`);
  add('health-check', `RUN ${JSON.stringify(IMAGE_HEALTH_CHECK_COMMAND)}`);
  return steps;
}

/** The Dockerfile text for `steps`. */
export function renderDockerfile(steps: readonly DockerfileStep[]): string {
  return `${steps.map((step) => step.instruction).join('\n')}\n`;
}

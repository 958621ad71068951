import { deserializeFlow, type Flow, HeadwaterError } from '@headwater/core';
import { z } from 'zod';
import { ApiError } from '../errors/api-error.js';
import { checkCronFires } from './cron-fires.js';
import type { ApiLimits } from './limits.js';
import { validate } from './validation.js';

const slugRef = z.looseObject({ slug: z.string().min(1).max(500) });

const taskShape = z.looseObject({
  slug: z.string().min(1).max(500),
  name: z.string().max(500).nullish(),
  type: z.string().max(500).nullish(),
  description: z.string().max(100_000).nullish(),
  tags: z.array(z.string().max(255)).max(1000).nullish(),
  max_retries: z.number().int().min(0).max(1_000_000).nullish(),
  retry_delay: z.number().min(0).nullish(),
  trigger: z.union([z.looseObject({ fn: z.string().max(500) }), z.string().max(500)]).nullish(),
  auto_generated: z.boolean().nullish(),
});

const edgeShape = z.looseObject({
  upstream_task: slugRef,
  downstream_task: slugRef,
  key: z.string().max(500).nullish(),
  mapped: z.boolean().nullish(),
});

const parameterShape = z.looseObject({
  name: z.string().min(1).max(500),
  slug: z.string().max(500).nullish(),
  required: z.boolean().nullish(),
  default: z.unknown().optional(),
  schema: z.looseObject({ json_schema: z.unknown() }).nullish(),
});

const typed = z.looseObject({ type: z.string().max(500) });

const flowShape = z.looseObject({
  name: z.string().trim().min(1, 'must not be empty').max(255),
  type: z.string().max(500),
  __version__: z.string().max(100),
  description: z.string().max(100_000).nullish(),
  schedule: typed.nullish(),
  parameters: z.array(parameterShape).max(10_000).nullish(),
  tasks: z.array(taskShape).max(100_000).nullish(),
  edges: z.array(edgeShape).max(1_000_000).nullish(),
  reference_tasks: z.array(slugRef).nullish(),
  environment: z
    .looseObject({ type: z.string().max(500), labels: z.array(z.string().max(255)).nullish() })
    .nullish(),
  storage: typed.nullish(),
});

/** A serialized flow, checked against the wire shape. */
export type SerializedFlow = z.infer<typeof flowShape>;

function isPythonFlow(type: string): boolean {
  return type.startsWith('prefect.');
}

function versionTuple(version: string): number[] {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? match.slice(1).map(Number) : [0, 0, 0];
}

function olderThan(version: string, minimum: string): boolean {
  const a = versionTuple(version);
  const b = versionTuple(minimum);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/**
 * Checks a serialized flow: Headwater's (`type: "headwater.Flow"`) or the original Python
 * implementation's 0.6.1+ output (`type: "prefect.core.flow.Flow"`), first for what the server
 * reads, then with `@headwater/core`'s `deserializeFlow` (the wire format's owner). Unknown
 * keys are kept (the flow is stored as metadata); an unknown `type` or a missing field is
 * `BAD_USER_INPUT` naming the JSON path, and so are tasks without `edges` (their dependencies
 * would be lost) and a cron clock that never fires.
 */
export function parseSerializedFlow(value: unknown, limits: ApiLimits): SerializedFlow {
  const size = Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
  if (size > limits.flowBytes) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      limit: 'flowSize',
      message: `The serialized flow is too large (${size} bytes; the limit is ${limits.flowBytes}).`,
    });
  }
  const flow = validate(flowShape, value, 'serialized flow');
  if (flow.type !== 'headwater.Flow' && !isPythonFlow(flow.type)) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Invalid serialized flow at type: unknown flow type "${flow.type.slice(0, 100)}"; expected "headwater.Flow" (or a Python Prefect 0.6.1+ flow).`,
    });
  }
  if (isPythonFlow(flow.type) && olderThan(flow.__version__, '0.6.1')) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `This flow was serialized by Prefect ${flow.__version__}; flows must be built with Prefect 0.6.1 or newer (or with Headwater).`,
    });
  }
  if ((flow.tasks?.length ?? 0) > 0 && flow.edges == null) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Invalid serialized flow at edges: the flow has ${flow.tasks!.length} task(s) but no \`edges\`, so how its tasks depend on each other is unknown. List the edges (\`"edges": []\` when no task depends on another); Headwater's and Prefect's serialize() always do.`,
    });
  }
  let deserialized: Flow;
  try {
    deserialized = deserializeFlow(value);
  } catch (error) {
    if (!HeadwaterError.isInstance(error)) throw error;
    throw new ApiError({ code: 'BAD_USER_INPUT', message: error.message, cause: error });
  }
  for (const [index, clock] of (deserialized.schedule?.clocks ?? []).entries())
    checkCronFires(clock, `schedule.clocks[${index}]`);
  return flow;
}

/** Seconds of a task's `retry_delay`, rounded. */
export function retryDelaySeconds(value: number | null | undefined): number | null {
  return value == null ? null : Math.round(value);
}

/** The qualified name of a task trigger (`{fn, kwargs}` or a plain string). */
export function triggerName(trigger: unknown): string | null {
  if (trigger == null) return null;
  return typeof trigger === 'string' ? trigger : (trigger as { fn: string }).fn;
}

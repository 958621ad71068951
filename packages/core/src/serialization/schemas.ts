import { z } from 'zod';

const json = z.json();
const version = z.string().optional();

/** `{ fn, kwargs }`. */
export const functionReferenceSchema = z.object({
  fn: z.string(),
  kwargs: z.record(z.string(), json).default({}),
});

/** `{ dt, tz }`. */
export const dateTimeTZSchema = z.object({ dt: z.string(), tz: z.string() });

const clockDates = {
  start_date: dateTimeTZSchema.nullable().default(null),
  end_date: dateTimeTZSchema.nullable().default(null),
  timezone: z.string().optional(),
  __version__: version,
};

/** A clock (OneOf by `type`). */
export const clockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('IntervalClock'), interval: z.number().positive(), ...clockDates }),
  z.object({ type: z.literal('CronClock'), cron: z.string(), ...clockDates }),
  z.object({ type: z.literal('DatesClock'), dates: z.array(dateTimeTZSchema), ...clockDates }),
]);

const newSchedule = z.object({
  type: z.literal('Schedule'),
  clocks: z.array(clockSchema).min(1),
  filters: z.array(functionReferenceSchema).default([]),
  or_filters: z.array(functionReferenceSchema).default([]),
  not_filters: z.array(functionReferenceSchema).default([]),
  adjustments: z.array(functionReferenceSchema).default([]),
  __version__: version,
});

/** Legacy (pre-0.6.1) schedule dates may be `{dt, tz}` or a plain ISO string. */
const legacyDate = z.union([dateTimeTZSchema, z.iso.datetime({ offset: true, local: true })]);

const legacyVariants = [
  z.object({
    type: z.literal('IntervalSchedule'),
    interval: z.number().positive(),
    start_date: legacyDate,
    end_date: legacyDate.nullable().optional(),
  }),
  z.object({
    type: z.literal('CronSchedule'),
    cron: z.string(),
    start_date: legacyDate.nullable().optional(),
    end_date: legacyDate.nullable().optional(),
  }),
  z.object({ type: z.literal('OneTimeSchedule'), start_date: legacyDate }),
] as const;

/** A legacy schedule that is not a union. */
export type LegacyLeafSchedule = z.output<(typeof legacyVariants)[number]>;

/** Legacy `UnionSchedule`s hold only legacy schedules. */
type LegacySchedule = LegacyLeafSchedule | { type: 'UnionSchedule'; schedules: LegacySchedule[] };

const legacySchedule: z.ZodType<LegacySchedule> = z.lazy(() =>
  z.discriminatedUnion('type', [
    ...legacyVariants,
    z.object({ type: z.literal('UnionSchedule'), schedules: z.array(legacySchedule) }),
  ]),
);

/** A schedule: `Schedule`, or a legacy type that loads as one. */
export const scheduleSchema = z.discriminatedUnion('type', [
  newSchedule,
  ...legacyVariants,
  z.object({ type: z.literal('UnionSchedule'), schedules: z.array(legacySchedule) }),
]);

/** Input descriptions of a task. */
const inputsSchema = z.record(
  z.string(),
  z.object({ required: z.boolean().default(true), type: z.string().default('any') }),
);

/** A task (the `type` is informational and accepted as given). */
export const taskSchema = z.object({
  type: z.string(),
  name: z.string().nullable().default(null),
  slug: z.string().nullable().default(null),
  tags: z.array(z.string()).default([]),
  max_retries: z.int().nonnegative().nullable().default(0),
  retry_delay: z.number().nonnegative().nullable().default(null),
  inputs: inputsSchema.default({}),
  outputs: z.string().default('any'),
  timeout: z.number().nonnegative().nullable().default(null),
  trigger: functionReferenceSchema.nullable().default(null),
  skip_on_upstream_skip: z.boolean().default(true),
  cache_for: z.number().nonnegative().nullable().default(null),
  cache_key: z.string().nullable().default(null),
  cache_validator: functionReferenceSchema.nullable().default(null),
  auto_generated: z.boolean().default(false),
  __version__: version,
});

/** A parameter entry of the flow's `parameters` list. */
export const parameterSchema = z.object({
  type: z.string().default('headwater.Parameter'),
  name: z.string().min(1),
  slug: z.string().nullable().default(null),
  default: json.nullable().default(null),
  required: z.boolean().default(true),
  tags: z.array(z.string()).default([]),
  outputs: z.string().default('any'),
  schema: z
    .object({ json_schema: z.union([z.record(z.string(), json), z.boolean()]), __version__: version })
    .nullable()
    .default(null),
  __version__: version,
});

const taskRef = z.object({ slug: z.string(), __version__: version });

/** An edge. */
export const edgeSchema = z.object({
  upstream_task: taskRef,
  downstream_task: taskRef,
  key: z.string().nullable().default(null),
  mapped: z.boolean().default(false),
  __version__: version,
});

const pluginName = /^[^:\s]+:[^:\s]+$/;

/** Environment types the wire format knows (ours and the original implementation's). */
export const ENVIRONMENT_TYPES: readonly string[] = [
  'RemoteEnvironment',
  'LocalEnvironment',
  'Environment',
  'CloudEnvironment',
  'CustomEnvironment',
  'DaskKubernetesEnvironment',
  'KubernetesJobEnvironment',
  'FargateTaskEnvironment',
];

/** Storage types the wire format knows (ours and the original implementation's). */
export const STORAGE_TYPES: readonly string[] = ['Docker', 'Local', 'Memory', 'Bytes'];

const knownOr = (known: readonly string[]) =>
  z.string().refine((type) => known.includes(type) || pluginName.test(type), {
    message: `Unknown type; expected one of ${known.map((k) => `"${k}"`).join(', ')} or "<package>:<export>"`,
  });

/** An environment: known fields checked, other keys kept for the environment's own loader. */
export const environmentSchema = z.looseObject({
  type: knownOr(ENVIRONMENT_TYPES),
  labels: z.array(z.string()).optional(),
  executor: z.string().optional(),
  executor_kwargs: z.record(z.string(), json).optional(),
});

/** A storage: known fields checked, backend fields kept for the backend's own loader. */
export const storageSchema = z.looseObject({
  type: knownOr(STORAGE_TYPES),
  flows: z.record(z.string(), z.string()).default({}),
});

/** The flow types the wire format knows. */
export const FLOW_TYPES: readonly string[] = ['headwater.Flow', 'prefect.core.flow.Flow'];

/** A flow. */
export const flowSchema = z.object({
  name: z.string().min(1),
  type: z.enum(FLOW_TYPES as [string, ...string[]]).default('headwater.Flow'),
  schedule: scheduleSchema.nullable().default(null),
  parameters: z.array(parameterSchema).default([]),
  tasks: z.array(taskSchema).default([]),
  edges: z.array(edgeSchema).default([]),
  reference_tasks: z.array(taskRef).default([]),
  environment: environmentSchema.nullable().default(null),
  storage: storageSchema.nullable().default(null),
  __version__: version,
});

/** A result handler. */
export const resultHandlerSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('JSONResultHandler'), max_bytes: z.int().positive().optional() }),
  z.looseObject({ type: z.literal('LocalResultHandler'), dir: z.string() }),
]);

/** A result object. */
export const resultSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('NoResultType'), __version__: version }),
  z.object({
    type: z.literal('SafeResult'),
    value: json,
    result_handler: resultHandlerSchema,
    __version__: version,
  }),
]);

const cachedInputs = z.record(z.string(), resultSchema).nullable().default(null);
const dateTime = z.iso.datetime({ offset: true, local: true }).nullable().default(null);

const stateBase = {
  message: z.string().nullable().default(null),
  context: z.record(z.string(), json).nullable().default(null),
  _result: resultSchema.default({ type: 'NoResultType' }),
  __version__: version,
};

const withType = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...stateBase, ...shape });

const nested = z
  .lazy((): z.ZodType => stateSchema)
  .nullable()
  .default(null);

const stateVariants = [
  withType('Pending', { cached_inputs: cachedInputs }),
  withType('Scheduled', { cached_inputs: cachedInputs, start_time: dateTime }),
  withType('Paused', { cached_inputs: cachedInputs, start_time: dateTime }),
  withType('Resume', { cached_inputs: cachedInputs, start_time: dateTime }),
  withType('Retrying', {
    cached_inputs: cachedInputs,
    start_time: dateTime,
    run_count: z.int().nonnegative().default(0),
  }),
  withType('Submitted', { state: nested }),
  withType('Queued', { state: nested, start_time: dateTime }),
  withType('ClientFailed', { state: nested }),
  withType('Running', {}),
  withType('Cancelling', {}),
  withType('Finished', {}),
  withType('Success', {}),
  withType('Cached', {
    cached_inputs: cachedInputs,
    cached_parameters: z.record(z.string(), json).nullable().default(null),
    cached_result_expiration: dateTime,
  }),
  withType('Mapped', { n_map_states: z.int().nonnegative().default(0) }),
  withType('Skipped', {}),
  withType('Failed', { cached_inputs: cachedInputs }),
  withType('TimedOut', { cached_inputs: cachedInputs }),
  withType('TriggerFailed', { cached_inputs: cachedInputs }),
  withType('Cancelled', {}),
  withType('Looped', { loop_count: z.int().nonnegative() }),
] as const;

/** A state (OneOf by `type`). */
export const stateSchema = z.discriminatedUnion('type', [...stateVariants]);

/** A state after parsing. */
export type ParsedState = z.output<typeof stateSchema>;

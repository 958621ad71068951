import { SEED_FLOW } from '@headwater/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SerializedStorage } from '../contracts/serialized.js';
import type { StorageBackendV2 } from '../contracts/storage-backend.js';
import { WireFormatError } from '../errors/wire-format-error.js';
import { Flow } from '../flow/flow.js';
import { nextWeekday } from '../schedules/adjustments.js';
import { CronClock, DatesClock, IntervalClock } from '../schedules/clocks.js';
import { betweenTimes, isWeekday } from '../schedules/filters.js';
import { Schedule } from '../schedules/schedule.js';
import { allInputs, durationOnly, neverUse, partialInputsOnly } from '../tasks/cache-validators.js';
import { task } from '../tasks/function-task.js';
import { MetadataTask } from '../tasks/metadata-task.js';
import { Parameter } from '../tasks/parameter.js';
import { allFinished, allSuccessful, anyFailed, manualOnly, someSuccessful } from '../tasks/triggers.js';
import { VERSION } from '../version.js';
import { deserializeFlow } from './deserialize-flow.js';

/** The seed's example, verbatim (0.6.1 output of the original implementation). */
const seedExample = SEED_FLOW;

/** Docker-like storage with the seed's fields, as a backend package would serialize it. */
function seedStorage(): StorageBackendV2 {
  const serialized: SerializedStorage = {
    type: 'Docker',
    registry_url: 'prefecthq/storage-example',
    image_name: 'storage-example',
    image_tag: 'latest',
    flows: { 'storage-example': '/root/.prefect/storage-example.prefect' },
    prefect_version: '0.6.1',
    __version__: VERSION,
  };
  return {
    specificationVersion: 'v2',
    name: 'Docker',
    flows: serialized.flows,
    addFlow: () => '',
    contains: (name) => name in serialized.flows,
    getFlow: () => Promise.reject(new Error('not in this test')),
    build: () => Promise.reject(new Error('not in this test')),
    launch: () => Promise.reject(new Error('not in this test')),
    serialize: () => serialized,
  };
}

const withOurVersion = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (key, v) => (key === '__version__' ? VERSION : v));

describe('flow.serialize (golden)', () => {
  it("produces the seed's shape for a flow with storage and the default environment", () => {
    const flow = new Flow('example-env', { storage: seedStorage() });
    expect(flow.serialize()).toEqual({
      name: 'example-env',
      type: 'headwater.Flow',
      schedule: null,
      parameters: [],
      tasks: [],
      edges: [],
      reference_tasks: [],
      environment: {
        executor_kwargs: {},
        executor: '@headwater/core:LocalExecutor',
        labels: [],
        __version__: VERSION,
        type: 'RemoteEnvironment',
      },
      __version__: VERSION,
      storage: withOurVersion(seedExample.storage),
    });
  });

  it('writes tasks, parameters, edges, reference tasks and the schedule field by field', () => {
    const extract = task(async ({ url }: { url: string }) => url, {
      name: 'extract',
      tags: ['io', 'http'],
      maxRetries: 2,
      retryDelay: 30_000,
      timeout: 60_000,
      trigger: someSuccessful({ atLeast: 1 }),
      cacheFor: 3_600_000,
      cacheValidator: allInputs,
      inputs: { url: 'string' },
      outputs: 'string',
    });
    const start = new Date('2024-03-01T14:00:00Z');
    const flow = new Flow('etl', {
      schedule: new Schedule({
        clocks: [new IntervalClock(86_400_000, { startDate: start, timezone: 'America/New_York' })],
        filters: [isWeekday],
      }),
    });
    const url = new Parameter('url', { default: 'http://127.0.0.1:8080' });
    const extracted = flow.add(extract, { url });
    flow.setReferenceTasks([extracted]);

    const v = VERSION;
    expect(flow.serialize()).toEqual({
      name: 'etl',
      type: 'headwater.Flow',
      schedule: {
        type: 'Schedule',
        clocks: [
          {
            type: 'IntervalClock',
            interval: 86_400_000_000,
            start_date: { dt: '2024-03-01T09:00:00', tz: 'America/New_York' },
            end_date: null,
            __version__: v,
          },
        ],
        filters: [{ fn: 'headwater.filters.isWeekday', kwargs: {} }],
        or_filters: [],
        not_filters: [],
        adjustments: [],
        __version__: v,
      },
      parameters: [
        {
          type: 'headwater.Parameter',
          name: 'url',
          slug: 'url',
          default: 'http://127.0.0.1:8080',
          required: false,
          tags: [],
          outputs: 'any',
          __version__: v,
        },
      ],
      tasks: [
        {
          type: 'headwater.FunctionTask',
          name: 'extract',
          slug: 'extract-1',
          tags: ['http', 'io'],
          max_retries: 2,
          retry_delay: 30,
          inputs: { url: { required: true, type: 'string' } },
          outputs: 'string',
          timeout: 60,
          trigger: { fn: 'headwater.triggers.someSuccessful', kwargs: { at_least: 1, at_most: null } },
          skip_on_upstream_skip: true,
          cache_for: 3600,
          cache_key: null,
          cache_validator: { fn: 'headwater.cacheValidators.allInputs', kwargs: {} },
          auto_generated: false,
          __version__: v,
        },
        {
          type: 'headwater.Parameter',
          name: 'url',
          slug: 'url',
          tags: [],
          max_retries: 0,
          retry_delay: null,
          inputs: {},
          outputs: 'any',
          timeout: null,
          trigger: { fn: 'headwater.triggers.allSuccessful', kwargs: {} },
          skip_on_upstream_skip: true,
          cache_for: null,
          cache_key: null,
          cache_validator: { fn: 'headwater.cacheValidators.neverUse', kwargs: {} },
          auto_generated: false,
          __version__: v,
        },
      ],
      edges: [
        {
          upstream_task: { slug: 'url', __version__: v },
          downstream_task: { slug: 'extract-1', __version__: v },
          key: 'url',
          mapped: false,
          __version__: v,
        },
      ],
      reference_tasks: [{ slug: 'extract-1', __version__: v }],
      environment: {
        type: 'RemoteEnvironment',
        executor: '@headwater/core:LocalExecutor',
        executor_kwargs: {},
        labels: [],
        __version__: v,
      },
      storage: null,
      __version__: v,
    });
  });
});

describe('deserializeFlow', () => {
  it("loads the seed's Python 0.6.1 example as metadata and writes it back unchanged", () => {
    const flow = deserializeFlow(JSON.stringify(seedExample));
    expect(flow.name).toBe('example-env');
    expect(flow.type).toBe('prefect.core.flow.Flow');
    expect(flow.storage?.name).toBe('Docker');
    expect(flow.storage?.flows).toEqual({ 'storage-example': '/root/.prefect/storage-example.prefect' });
    expect(flow.environment?.type).toBe('RemoteEnvironment');
    expect(flow.serialize()).toEqual(withOurVersion(seedExample));
  });

  it('loads Python tasks, parameters, edges and legacy schedules', () => {
    const python = {
      name: 'py',
      type: 'prefect.core.flow.Flow',
      prefect_version: '0.6.7',
      schedule: {
        type: 'IntervalSchedule',
        interval: 3_600_000_000,
        start_date: { dt: '2019-10-01T00:00:00', tz: 'UTC' },
        __version__: '0.6.7',
      },
      parameters: [
        {
          type: 'prefect.core.task.Parameter',
          name: 'x',
          slug: 'x',
          default: 1,
          required: false,
          tags: [],
          outputs: 'typing.Any',
        },
      ],
      tasks: [
        {
          type: 'prefect.core.task.Parameter',
          name: 'x',
          slug: 'x',
          tags: [],
          inputs: {},
          outputs: 'typing.Any',
          trigger: { fn: 'prefect.triggers.all_successful', kwargs: {} },
        },
        {
          type: 'prefect.tasks.core.function.FunctionTask',
          name: 'add',
          slug: '3f1c6a9e-0000-4000-8000-000000000000',
          tags: ['math'],
          max_retries: 1,
          retry_delay: 10,
          inputs: { x: { required: true, type: "<class 'int'>" } },
          outputs: 'typing.Any',
          timeout: null,
          trigger: { fn: 'prefect.triggers.some_successful', kwargs: { at_least: 1, at_most: null } },
          skip_on_upstream_skip: true,
          cache_for: null,
          cache_key: null,
          cache_validator: { fn: 'prefect.engine.cache_validators.never_use', kwargs: {} },
          auto_generated: false,
          some_future_key: 'ignored',
        },
      ],
      edges: [
        {
          upstream_task: { slug: 'x', __version__: '0.6.7' },
          downstream_task: { slug: '3f1c6a9e-0000-4000-8000-000000000000', __version__: '0.6.7' },
          key: 'x',
          mapped: false,
        },
      ],
      reference_tasks: [],
      environment: {
        type: 'RemoteEnvironment',
        executor: 'prefect.engine.executors.LocalExecutor',
        executor_kwargs: {},
        labels: ['gpu'],
      },
      storage: null,
    };
    const flow = deserializeFlow(python);
    const add = flow.getTask('3f1c6a9e-0000-4000-8000-000000000000')!;
    expect(add.name).toBe('add');
    expect(add.retryDelay).toBe(10_000);
    expect(add.trigger.fn).toBe('prefect.triggers.some_successful');
    expect(flow.parameters().map((p) => [p.name, p.default, p.required])).toEqual([['x', 1, false]]);
    expect(flow.edgesTo(add).map((e) => e.key)).toEqual(['x']);
    expect(flow.environment?.labels).toEqual(['gpu']);
    expect(flow.schedule?.next(2, new Date('2019-10-01T00:30:00Z'))).toEqual([
      new Date('2019-10-01T01:00:00Z'),
      new Date('2019-10-01T02:00:00Z'),
    ]);
    const again = flow.serialize();
    expect(again.tasks[1]).not.toHaveProperty('some_future_key');
    expect(again.schedule?.type).toBe('Schedule');
    expect(add).toBeInstanceOf(MetadataTask);
    expect(() => (add as MetadataTask).run()).toThrow(/no code/);
  });

  const rejects = (document: unknown) => {
    try {
      deserializeFlow(document);
    } catch (error) {
      expect(WireFormatError.isInstance(error)).toBe(true);
      return (error as WireFormatError).issues;
    }
    throw new Error('expected a WireFormatError');
  };

  it('rejects a malformed value with its JSON path and the expected type', () => {
    const issues = rejects({
      name: 'x',
      tasks: [{ type: 'headwater.FunctionTask', slug: 'a', max_retries: 'three' }],
    });
    expect(issues).toEqual([
      {
        path: 'tasks[0].max_retries',
        message: 'Invalid input: expected number, received string',
        expected: 'number',
      },
    ]);
  });

  it('rejects unknown polymorphic types', () => {
    expect(rejects({ name: 'x', environment: { type: 'SpaceEnvironment' } })[0]).toMatchObject({
      path: 'environment.type',
      message: expect.stringContaining('"RemoteEnvironment"'),
    });
    expect(rejects({ name: 'x', storage: { type: 'FloppyDisk', flows: {} } })[0]?.path).toBe('storage.type');
    expect(
      rejects({ name: 'x', schedule: { type: 'Schedule', clocks: [{ type: 'SundialClock' }] } })[0],
    ).toMatchObject({
      path: 'schedule.clocks[0].type',
      expected: '"IntervalClock" | "CronClock" | "DatesClock"',
    });
    expect(rejects({ name: 'x', schedule: { type: 'Weekly' } })[0]?.path).toBe('schedule.type');
    expect(rejects({ name: 'x', type: 'airflow.DAG' })[0]).toMatchObject({ path: 'type' });
  });

  it('rejects dangling edges, unknown schedule filters and a missing name', () => {
    const task = { type: 'headwater.FunctionTask', name: 'a', slug: 'a-1' };
    expect(
      rejects({
        name: 'x',
        tasks: [task],
        edges: [{ upstream_task: { slug: 'a-1' }, downstream_task: { slug: 'zz' } }],
      }),
    ).toEqual([{ path: 'edges[0].downstream_task.slug', message: 'no task of the flow has the slug "zz"' }]);
    const filters = rejects({
      name: 'x',
      schedule: {
        type: 'Schedule',
        clocks: [{ type: 'CronClock', cron: '0 * * * *' }],
        filters: [{ fn: 'os.system', kwargs: {} }],
      },
    });
    expect(filters[0]).toMatchObject({
      path: 'schedule.filters[0].fn',
      expected: expect.stringContaining('isWeekday'),
    });
    expect(rejects({ tasks: [] })[0]).toMatchObject({ path: 'name', expected: 'string' });
    expect(rejects([])[0]).toMatchObject({ path: '$', expected: 'object' });
    expect(
      rejects({
        name: 'x',
        schedule: { type: 'Schedule', clocks: [{ type: 'CronClock', cron: 'not cron' }] },
      })[0]?.path,
    ).toBe('schedule.clocks[0]');
  });

  it('ignores unknown keys everywhere', () => {
    const flow = deserializeFlow({ ...seedExample, extra: { nested: true }, edges: [], tasks: [] });
    expect(flow.serialize()).not.toHaveProperty('extra');
  });
});

const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata'];
const triggerArb = fc.constantFrom(
  allSuccessful,
  allFinished,
  anyFailed,
  manualOnly,
  someSuccessful({ atLeast: 2, atMost: 0.5 }),
);
const validatorArb = fc.constantFrom(neverUse, durationOnly, allInputs, partialInputsOnly(['a', 'b']));
const secondsArb = fc.option(
  fc.integer({ min: 0, max: 86_400 }).map((s) => s * 1000),
  { nil: undefined },
);
const dateArb = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) })
  .map((ms) => new Date(ms));
const clockArb = fc.oneof(
  fc
    .record({
      interval: fc.integer({ min: 60, max: 10 * 86_400 }),
      tz: fc.constantFrom(...zones),
      start: fc.option(dateArb),
    })
    .map(({ interval, tz, start }) => new IntervalClock(interval * 1000, { timezone: tz, startDate: start })),
  fc
    .record({
      cron: fc.constantFrom('0 * * * *', '30 2 * * 1-5', '*/15 9-17 * * *'),
      tz: fc.constantFrom(...zones),
      end: fc.option(dateArb),
    })
    .map(({ cron, tz, end }) => new CronClock(cron, { timezone: tz, endDate: end })),
  fc
    .record({ dates: fc.array(dateArb, { minLength: 1, maxLength: 3 }), tz: fc.constantFrom(...zones) })
    .map(({ dates, tz }) => new DatesClock(dates, { timezone: tz })),
);
const scheduleArb = fc.option(
  fc.record({ clocks: fc.array(clockArb, { minLength: 1, maxLength: 3 }), filtered: fc.boolean() }).map(
    ({ clocks, filtered }) =>
      new Schedule({
        clocks,
        ...(filtered
          ? { filters: [isWeekday], notFilters: [betweenTimes('12:00', '13:30')], adjustments: [nextWeekday] }
          : {}),
      }),
  ),
  { nil: undefined },
);
const taskSpecArb = fc.record({
  name: fc.constantFrom('extract', 'transform', 'load', 'a b', 'ünïcode'),
  tags: fc.uniqueArray(fc.constantFrom('db', 'io', 'gpu'), { maxLength: 3 }),
  maxRetries: fc.integer({ min: 0, max: 5 }),
  retryDelay: secondsArb,
  timeout: secondsArb,
  cacheFor: secondsArb,
  cacheKey: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
  trigger: triggerArb,
  cacheValidator: validatorArb,
  skipOnUpstreamSkip: fc.boolean(),
});
const flowArb = fc
  .record({
    tasks: fc.array(taskSpecArb, { maxLength: 12 }),
    parameters: fc.uniqueArray(
      fc.record({
        name: fc.constantFrom('p', 'q', 'limit', 'url'),
        // zod drops own `__proto__` keys from the objects it parses (a guard against prototype
        // pollution), so a default holding one does not come back: such values are not drawn.
        value: fc.option(
          fc.jsonValue({ maxDepth: 2 }).filter((value) => !JSON.stringify(value).includes('"__proto__"')),
          { nil: undefined },
        ),
      }),
      { selector: (p) => p.name, maxLength: 3 },
    ),
    edgeSeeds: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), fc.boolean()), { maxLength: 20 }),
    referenceSeeds: fc.array(fc.nat(), { maxLength: 3 }),
    schedule: scheduleArb,
  })
  .map(({ tasks, parameters, edgeSeeds, referenceSeeds, schedule }) => {
    const flow = new Flow('random', { schedule: schedule ?? null });
    const nodes = [
      ...parameters.map(({ name, value }) =>
        flow.addTask(
          new Parameter(name, schedule === undefined && value === undefined ? {} : { default: value ?? 0 }),
        ),
      ),
      ...tasks.map((spec) => flow.addTask(task(() => null, spec))),
    ];
    for (const [a, b, keyed, mapped] of edgeSeeds) {
      if (nodes.length < 2) break;
      const [i, j] = [a % nodes.length, b % nodes.length].sort((x, y) => x - y) as [number, number];
      if (i === j) continue;
      const key = keyed ? `in${flow.edgesTo(nodes[j]!).length}` : null;
      flow.addEdge(nodes[i]!, nodes[j]!, { key, mapped });
    }
    if (nodes.length > 0)
      flow.setReferenceTasks([...new Set(referenceSeeds.map((r) => nodes[r % nodes.length]!))]);
    return flow;
  });

describe('round trip', () => {
  it('serialize → JSON → deserialize → serialize is stable for random valid flows', () => {
    fc.assert(
      fc.property(flowArb, (flow) => {
        const first = flow.serialize();
        const second = deserializeFlow(JSON.parse(JSON.stringify(first))).serialize();
        expect(second).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });
});

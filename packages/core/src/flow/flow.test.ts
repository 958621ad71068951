import { describe, expect, it } from 'vitest';
import { DeployOptionsError } from '../errors/deploy-options-error.js';
import { FlowValidationError } from '../errors/flow-validation-error.js';
import { MissingPackageError } from '../errors/missing-package-error.js';
import { PluginResolutionError } from '../errors/plugin-resolution-error.js';
import { IntervalClock } from '../schedules/clocks.js';
import { Schedule } from '../schedules/schedule.js';
import { Constant } from '../tasks/constant.js';
import { task } from '../tasks/function-task.js';
import { Parameter } from '../tasks/parameter.js';
import { Task } from '../tasks/task.js';
import type { TaskRunContext } from '../tasks/task-run-context.js';
import { unmapped } from './bindings.js';
import { Flow } from './flow.js';
import { LOADING_FLOWS, markLoadingFlows } from './loading-flows.js';

const extract = task(async ({ url }: { url: string }) => [url.length], { name: 'extract' });
const double = task(({ x, factor }: { x: number; factor?: number }) => x * (factor ?? 2), { name: 'double' });
const total = task(({ values }: { values: number[] }) => values.reduce((a, b) => a + b, 0), {
  name: 'total',
});

class Greet extends Task<{ who: string }, string> {
  static override taskType = 'test.Greet';
  run({ who }: { who: string }, _context: TaskRunContext): string {
    return `hello ${who}`;
  }
}

describe('Flow authoring', () => {
  it('wires keyword inputs, constants, mapped inputs and state dependencies', () => {
    const flow = new Flow('etl');
    const url = new Parameter('url', { default: 'http://127.0.0.1:1' });
    const numbers = flow.add(extract, { url });
    const doubled = flow.map(double, { x: numbers, factor: unmapped(3) });
    const sum = flow.add(total, { values: doubled }, { upstream: [url] });

    expect(flow.tasks.map((t) => t.slug)).toEqual(['extract-1', 'url', 'double-1', 'Constant-1', 'total-1']);
    expect(flow.edgesTo(doubled).map((e) => [e.upstream.slug, e.key, e.mapped])).toEqual([
      ['extract-1', 'x', true],
      ['Constant-1', 'factor', false],
    ]);
    expect(flow.edgesTo(sum).map((e) => [e.upstream.slug, e.key])).toEqual([
      ['double-1', 'values'],
      ['url', null],
    ]);
    expect(flow.getTask('Constant-1')).toBeInstanceOf(Constant);
    expect(flow.parameters().map((p) => p.name)).toEqual(['url']);
    expect(flow.referenceTasks).toEqual([sum]);
    expect(flow.sortedTasks().map((t) => t.slug)).toEqual([
      'url',
      'Constant-1',
      'extract-1',
      'double-1',
      'total-1',
    ]);
  });

  it('re-sorts after tasks or edges are added, and hands out copies of the order', () => {
    const flow = new Flow('resort');
    const a = flow.add(task(async () => 1, { name: 'a' }));
    const b = flow.add(task(async () => 2, { name: 'b' }));
    expect(flow.sortedTasks().map((t) => t.slug)).toEqual(['a-1', 'b-1']);
    flow.sortedTasks().reverse();
    expect(flow.sortedTasks().map((t) => t.slug)).toEqual(['a-1', 'b-1']);
    flow.addEdge(b, a);
    expect(flow.sortedTasks().map((t) => t.slug)).toEqual(['b-1', 'a-1']);
    flow.add(
      task(async () => 3, { name: 'c' }),
      {},
      { upstream: [a] },
    );
    expect(flow.sortedTasks().map((t) => t.slug)).toEqual(['b-1', 'a-1', 'c-1']);
  });

  it('adds a copy with a fresh slug when a task is used twice', () => {
    const flow = new Flow('twice');
    const first = flow.add(new Greet(), { who: 'a' });
    const second = flow.add(first, { who: 'b' });
    expect(second).not.toBe(first);
    expect(second).toBeInstanceOf(Greet);
    expect([first.slug, second.slug]).toEqual(['Greet-1', 'Greet-2']);
    expect(first.type).toBe('test.Greet');
  });

  it('records the defining module from the call stack, or the module option', () => {
    expect(new Flow('here').sourceModule).toBe(new URL(import.meta.url).pathname);
    expect(new Flow('there', { module: 'file:///srv/flows/etl.ts' }).sourceModule).toBe('/srv/flows/etl.ts');
    class MyFlow extends Flow {}
    expect(new MyFlow('sub').sourceModule).toBe(new URL(import.meta.url).pathname);
  });

  it('type-checks inputs against the task function', () => {
    const flow = new Flow('typed');
    // @ts-expect-error — `url` must be a string (or a task producing one)
    const wrongType = flow.add(extract, { url: 42 });
    // @ts-expect-error — the required input `url` is missing
    const missing = flow.add(extract, {});
    const numberTask = flow.add(task(() => 1, { name: 'one' }));
    // @ts-expect-error — a task producing a number cannot feed a string input
    flow.add(extract, { url: numberTask });
    // @ts-expect-error — mapped inputs must be lists
    flow.map(double, { x: 1 });
    // @ts-expect-error — class tasks are checked too
    flow.add(new Greet(), { who: true });
    // At run time nothing is invented: the wrong value is a constant, the missing input has no edge.
    expect(flow.edgesTo(wrongType).map((e) => e.upstream)).toHaveLength(1);
    expect(flow.edgesTo(missing)).toHaveLength(0);
  });
});

describe('Flow validation', () => {
  it('names the tasks of a cycle', () => {
    const flow = new Flow('loop');
    const a = flow.add(task(() => 1, { name: 'a' }));
    const b = flow.add(
      task(() => 1, { name: 'b' }),
      {},
      { upstream: [a] },
    );
    flow.addEdge(b, a);
    const error = (() => {
      try {
        flow.validate();
      } catch (e) {
        return e;
      }
    })();
    expect(FlowValidationError.isInstance(error)).toBe(true);
    expect((error as FlowValidationError).tasks).toEqual(['a-1', 'b-1']);
    expect((error as Error).message).toMatch(/cycle.*a-1, b-1/);
  });

  it('refuses duplicate slugs, double-wired inputs and foreign reference tasks', () => {
    const flow = new Flow('dupes');
    flow.add(new Parameter('x', { default: 1 }));
    expect(() => flow.add(new Parameter('x', { default: 2 }))).toThrow(/slug "x"/);
    const node = flow.add(extract, { url: 'a' });
    expect(() => flow.addEdge(new Constant('b'), node, { key: 'url' })).toThrow(
      /input "url" of task "extract-1" is wired twice/,
    );
    const foreign = task(() => 1, { name: 'foreign' });
    expect(() => flow.setReferenceTasks([foreign])).toThrow(FlowValidationError);
  });

  it('refuses a schedule when a required parameter has no default', () => {
    const flow = new Flow('nightly', { schedule: new Schedule({ clocks: [new IntervalClock(3_600_000)] }) });
    flow.add(extract, { url: new Parameter<string>('url') });
    expect(() => flow.validate()).toThrow(/required parameters without defaults \(url\)/);
  });
});

describe('flow.deploy', () => {
  it('creates the configured default storage (Docker) and names its package when missing', async () => {
    const error = await new Flow('no-storage')
      .deploy('My Project', { registryUrl: '127.0.0.1:5000' })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /storage factory "Docker".*@headwater\/storage-docker is not installed/,
    );
  });

  it('says which package to install when @headwater/client is missing', async () => {
    const flow = new Flow('deployable', {
      storage: {
        specificationVersion: 'v2',
        name: 'Local',
        flows: {},
        addFlow: () => '',
        contains: () => false,
        getFlow: () => Promise.reject(new Error('unused')),
        build: () => Promise.reject(new Error('unused')),
        serialize: () => ({ type: 'Local', flows: {}, __version__: '0' }),
        launch: () => Promise.reject(new Error('unused')),
      },
    });
    const error = await flow.deploy('My Project', { setScheduleActive: false }).catch((e: unknown) => e);
    expect(PluginResolutionError.isInstance(error)).toBe(true);
    const cause = (error as Error).cause;
    expect(MissingPackageError.isInstance(cause)).toBe(true);
    expect((cause as MissingPackageError).packageName).toBe('@headwater/client');
    expect((error as Error).message).toMatch(/package @headwater\/client is not installed/);
  });

  it('does nothing while Headwater loads flow modules (a top-level deploy in a bundle or the CLI)', async () => {
    markLoadingFlows();
    try {
      await expect(
        new Flow('inside-bundle').deploy('My Project', { registryUrl: '127.0.0.1:5000' }),
      ).resolves.toBe('');
    } finally {
      delete (globalThis as Record<symbol, unknown>)[LOADING_FLOWS];
    }
  });

  it('refuses storage options for a flow that already has storage, naming them', async () => {
    const flow = new Flow('has-storage', {
      storage: {
        specificationVersion: 'v2',
        name: 'Docker',
        flows: {},
        addFlow: () => '',
        contains: () => false,
        getFlow: () => Promise.reject(new Error('unused')),
        build: () => Promise.reject(new Error('unused')),
        serialize: () => ({ type: 'Docker', flows: {}, __version__: '0' }),
        launch: () => Promise.reject(new Error('unused')),
      },
    });
    const error = await flow
      .deploy('My Project', { registryUrl: '127.0.0.1:5000', imageTag: 'v1', build: false })
      .catch((e: unknown) => e);
    expect(DeployOptionsError.isInstance(error)).toBe(true);
    expect((error as DeployOptionsError).options).toEqual(['registryUrl', 'imageTag']);
    expect((error as Error).message).toMatch(/already has Docker storage.*registryUrl, imageTag/);
  });
});

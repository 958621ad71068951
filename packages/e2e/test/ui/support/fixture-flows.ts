import { Flow, IntervalClock, Parameter, Schedule, task } from '@headwater/core';

/**
 * A small ETL flow with two parameters (`name`, required; `times`, default 2) and a diamond of
 * tasks, serialized by `@headwater/core` exactly as `deploy` registers it.
 */
export function greetingFlow(name = 'greeting-etl'): Record<string, unknown> {
  const flow = new Flow(name, { module: null });
  const who = new Parameter<string>('name', { required: true });
  const times = new Parameter('times', { default: 2 });
  const extract = flow.add(
    task(({ name }: { name: string; times: number }) => [name], { name: 'extract' }),
    { name: who, times },
  );
  const transform = flow.add(
    task(({ rows }: { rows: string[] }) => rows, { name: 'transform' }),
    { rows: extract },
  );
  const audit = flow.add(
    task(({ rows }: { rows: string[] }) => rows.length, { name: 'audit' }),
    { rows: extract },
  );
  flow.add(
    task(({ rows }: { rows: string[]; count: number }) => rows.length, { name: 'load' }),
    {
      rows: transform,
      count: audit,
    },
  );
  return flow.serialize() as unknown as Record<string, unknown>;
}

/** A one-task flow that runs every hour once its schedule is turned on. */
export function hourlyFlow(name = 'hourly-report'): Record<string, unknown> {
  const flow = new Flow(name, {
    module: null,
    schedule: new Schedule({ clocks: [new IntervalClock(3_600_000)] }),
  });
  flow.add(
    task(() => 'report', { name: 'report' }),
    {},
  );
  return flow.serialize() as unknown as Record<string, unknown>;
}

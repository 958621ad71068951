import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { FlowRunner } from '../engine/flow-runner.js';
import { ParameterSchemaError } from '../errors/parameter-schema-error.js';
import { Flow } from '../flow/flow.js';
import { deserializeFlow } from '../serialization/deserialize-flow.js';
import { Scheduled, Submitted } from '../states/state.js';
import { task } from '../tasks/function-task.js';
import { Parameter, parameter } from '../tasks/parameter.js';
import { jsonSchemaIssues } from './check-parameter-values.js';

const double = task(({ x }: { x: number }) => x * 2, { name: 'double' });

/** A flow `x → double`, run with `parameters`. */
async function runDouble(x: Parameter<number>, parameters: Record<string, unknown>) {
  const flow = new Flow('checked');
  const doubled = flow.add(double, { x });
  const state = await flow.run({ parameters });
  return { state, doubled: state.result?.get(doubled) };
}

describe('parameter types', () => {
  it('are inferred from a Standard Schema and from a declared type', () => {
    expectTypeOf(new Parameter('x', { schema: z.number() })).toEqualTypeOf<Parameter<number>>();
    expectTypeOf(parameter('x', { schema: z.array(z.string()) })).toEqualTypeOf<Parameter<string[]>>();
    expectTypeOf(parameter('x', { schema: v.boolean() })).toEqualTypeOf<Parameter<boolean>>();
    expectTypeOf(parameter('x', { schema: toStandardJsonSchema(v.string()) })).toEqualTypeOf<
      Parameter<string>
    >();
    expectTypeOf(parameter('x', { schema: z.string().transform((s) => s.length) })).toEqualTypeOf<
      Parameter<number>
    >();
    expectTypeOf(parameter('x', { schema: { type: 'number' } })).toEqualTypeOf<Parameter<number>>();
    expectTypeOf(parameter('x', { schema: { type: 'array', items: { type: 'string' } } })).toEqualTypeOf<
      Parameter<string[]>
    >();
    expectTypeOf(parameter('x', { schema: { enum: ['a', 'b'] } })).toEqualTypeOf<Parameter<'a' | 'b'>>();
    expectTypeOf(parameter('x', { schema: { type: ['string', 'null'] } })).toEqualTypeOf<
      Parameter<string | null>
    >();
    const row = parameter('row', {
      schema: {
        type: 'object',
        properties: { id: { type: 'integer' }, note: { type: 'string' } },
        required: ['id'],
      },
    });
    expectTypeOf<ReturnType<typeof row.run>['id']>().toEqualTypeOf<number>();
    expectTypeOf<ReturnType<typeof row.run>['note']>().toEqualTypeOf<string | undefined>();
  });

  it('make a task refuse a parameter of another type', () => {
    const flow = new Flow('typed');
    // @ts-expect-error a string parameter cannot feed a number input
    flow.add(double, { x: parameter('x', { schema: z.string() }) });
    flow.add(double, { x: parameter('y', { schema: { type: 'integer' } }) });
  });
});

describe('checked parameter values, locally', () => {
  it('fail a run whose value a zod schema refuses, before any task runs', async () => {
    const { state, doubled } = await runDouble(new Parameter('x', { schema: z.number() }), {
      x: 'notanumber',
    });
    expect(state.isFailed()).toBe(true);
    expect(state.message).toContain('parameters.x: Invalid input: expected number, received string');
    expect(doubled).toBeUndefined();
  });

  it('run with a value a zod schema accepts, handing tasks the schema output', async () => {
    const x = new Parameter('x', { schema: z.string().transform((s) => s.length) });
    const { state, doubled } = await runDouble(x, { x: 'abcd' });
    expect(state.isSuccessful()).toBe(true);
    expect(doubled?.result).toBe(8);
  });

  it('check with valibot, naming the path inside the value', async () => {
    const flow = new Flow('rows');
    const rows = parameter('rows', { schema: v.array(v.object({ id: v.number() })) });
    flow.add(
      task(({ rows }: { rows: { id: number }[] }) => rows.length, { name: 'count' }),
      { rows },
    );
    const bad = await flow.run({ parameters: { rows: [{ id: 1 }, { id: 'two' }] } });
    expect(bad.isFailed()).toBe(true);
    expect(bad.message).toMatch(
      /parameters\.rows\[1\]\.id: Invalid type: Expected number but received "two"/,
    );
    expect((await flow.run({ parameters: { rows: [{ id: 1 }] } })).isSuccessful()).toBe(true);
  });

  it('check a declared type, with a message naming the expected and the given value', async () => {
    const { state } = await runDouble(parameter('x', { schema: { type: 'number' } }), { x: 'notanumber' });
    expect(state.isFailed()).toBe(true);
    expect(state.message).toContain('parameters.x: expected number, got string "notanumber"');
    const nested = parameter('x', { schema: { type: 'array', items: { type: 'number' } } });
    expect(jsonSchemaIssues([nested as never], { x: [1, 'a'] })).toEqual([
      { parameter: 'x', path: 'parameters.x[1]', message: 'expected number, got string "a"' },
    ]);
    expect((await runDouble(parameter('x', { schema: { type: 'number' } }), { x: 3 })).doubled?.result).toBe(
      6,
    );
  });

  it('check defaults when the flow is built, and values left to defaults at run', async () => {
    expect(() => new Parameter('x', { schema: z.number(), default: 'a' as never })).toThrow(
      /Parameter "x" has a default its schema refuses: parameters.x: Invalid input/,
    );
    expect(() => parameter('x', { schema: { type: 'integer' }, default: 1.5 as never })).toThrow(
      /parameters.x: expected integer, got number 1.5/,
    );
    const { state } = await runDouble(new Parameter('x', { schema: z.number(), default: 2 }), {});
    expect(state.isSuccessful()).toBe(true);
  });

  it('run asynchronous Standard Schemas', async () => {
    const positive: StandardSchemaV1<number> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: async (value: unknown) =>
          typeof value === 'number' && value > 0 ? { value } : { issues: [{ message: 'must be positive' }] },
      },
    };
    const { state } = await runDouble(new Parameter('x', { schema: positive }), { x: -1 });
    expect(state.message).toContain('parameters.x: must be positive');
    expect(new Parameter('x', { schema: positive }).jsonSchema).toBeUndefined();
  });

  it('check a run handed over by an orchestrator (already Submitted) before its first task', async () => {
    const flow = new Flow('submitted');
    const doubled = flow.add(double, { x: new Parameter('x', { schema: z.number(), default: 1 }) });
    const state = await new FlowRunner(flow).run({
      state: new Submitted({ state: new Scheduled() }),
      parameters: { x: '2' },
    });
    expect(state.isFailed()).toBe(true);
    expect(state.message).toContain('parameters.x: Invalid input: expected number, received string');
    expect(state.result?.get(doubled)).toBeUndefined();
  });

  it('check a Standard JSON Schema that cannot validate by itself through its JSON Schema', async () => {
    const numberOnly: StandardJSONSchemaV1<number> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        jsonSchema: { input: () => ({ type: 'number' }), output: () => ({ type: 'number' }) },
      },
    };
    const x = parameter('x', { schema: numberOnly });
    expectTypeOf(x).toEqualTypeOf<Parameter<number>>();
    expect(x.jsonSchema).toEqual({ type: 'number' });
    const { state } = await runDouble(x, { x: 'a' });
    expect(state.message).toContain('parameters.x: expected number, got string "a"');
  });

  it('refuse a declared type that is too large to check cheaply', () => {
    const huge = { type: 'string', enum: Array.from({ length: 20_000 }, (_, i) => `value-${i}`) };
    expect(() => new Parameter('x', { schema: huge as never })).toThrow(/larger than 65536 bytes/);
  });

  it('refuse a declared type that is not valid JSON Schema, naming the parameter', () => {
    const bad = () => new Parameter('x', { schema: { type: 'numbr' as never } });
    expect(bad).toThrow(ParameterSchemaError);
    expect(bad).toThrow(/The schema of parameter "x" is not a usable JSON Schema: .*type/);
    expect(() => new Parameter('x', { schema: { $ref: 'https://example.com/s.json' } })).toThrow(
      /can't resolve reference/,
    );
  });
});

describe('parameter schemas on the wire', () => {
  it('carry the JSON Schema of a declared type, of zod and of valibot, and round-trip', () => {
    const flow = new Flow('wire');
    flow.add(parameter('declared', { schema: { type: 'number', minimum: 0 } }));
    flow.add(parameter('zod', { schema: z.number().int(), default: 3 }));
    flow.add(parameter('valibot', { schema: toStandardJsonSchema(v.string()), default: 'a' }));
    flow.add(parameter('local', { schema: v.string(), default: 'b' }));
    flow.add(parameter('free', { default: 1 }));
    const wire = flow.serialize();
    const byName = Object.fromEntries(wire.parameters.map((p) => [p.name, p]));
    expect(byName.declared?.schema).toEqual({
      json_schema: { type: 'number', minimum: 0 },
      __version__: wire.__version__,
    });
    expect(byName.zod?.schema?.json_schema).toMatchObject({ type: 'integer' });
    expect(byName.valibot?.schema?.json_schema).toMatchObject({ type: 'string' });
    expect(byName.local).not.toHaveProperty('schema');
    expect(byName.free).not.toHaveProperty('schema');

    const loaded = deserializeFlow(JSON.parse(JSON.stringify(wire)));
    expect(loaded.serialize()).toEqual(wire);
  });

  it('check values of a loaded flow against the JSON Schema it carries', async () => {
    const flow = new Flow('loaded');
    flow.add(double, { x: parameter('x', { schema: z.number() }) });
    const loaded = deserializeFlow(flow.serialize());
    const [x] = loaded.parameters();
    expect(jsonSchemaIssues([x as never], { x: 'notanumber' })[0]?.message).toBe(
      'expected number, got string "notanumber"',
    );
  });

  it('ignore unknown keys beside the schema, and refuse a schema that does not compile by its path', () => {
    const wire = (schema: unknown) => ({
      name: 'f',
      type: 'headwater.Flow',
      parameters: [{ name: 'x', schema, __version__: '0.1.0' }],
      tasks: [{ type: 'headwater.Parameter', name: 'x', slug: 'x' }],
      edges: [],
      __version__: '0.1.0',
    });
    const loaded = deserializeFlow(
      wire({ json_schema: { type: 'string' }, future: 1, __version__: '9.0.0' }),
    );
    expect((loaded.parameters()[0] as Parameter).jsonSchema).toEqual({ type: 'string' });
    expect(() => deserializeFlow(wire({ json_schema: { type: 'strng' }, __version__: '0.1.0' }))).toThrow(
      /parameters\[0\]\.schema\.json_schema: .*not a usable JSON Schema/,
    );
  });
});

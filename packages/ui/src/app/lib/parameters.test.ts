import { describe, expect, it } from 'vitest';
import type { FlowParameter } from '../api/types.js';
import { initialParameterText, parameterKind, parseParameterValues } from './parameters.js';

const parameter = (name: string, fields: Partial<FlowParameter> = {}): FlowParameter => ({
  name,
  slug: name,
  required: false,
  default: null,
  ...fields,
});

describe('parameterKind', () => {
  it('infers the field kind from the default value', () => {
    expect(parameterKind(parameter('a', { default: 'x' }))).toBe('string');
    expect(parameterKind(parameter('a', { default: 3 }))).toBe('number');
    expect(parameterKind(parameter('a', { default: false }))).toBe('boolean');
    expect(parameterKind(parameter('a', { default: [1] }))).toBe('list');
    expect(parameterKind(parameter('a', { default: { k: 1 } }))).toBe('object');
    expect(parameterKind(parameter('a'))).toBe('json');
  });
});

describe('initialParameterText', () => {
  it('writes strings as they are and anything else as JSON', () => {
    expect(initialParameterText(parameter('a', { default: 'hello' }))).toBe('hello');
    expect(initialParameterText(parameter('a', { default: { k: [1, 2] } }))).toBe('{"k":[1,2]}');
    expect(initialParameterText(parameter('a'))).toBe('');
  });
});

describe('parseParameterValues', () => {
  const parameters = [
    parameter('name', { required: true }),
    parameter('count', { default: 1 }),
    parameter('dry_run', { default: false }),
    parameter('tags', { default: ['a'] }),
    parameter('options', { default: { retries: 1 } }),
    parameter('greeting', { default: 'hi' }),
  ];

  it('parses every field by its kind', () => {
    const result = parseParameterValues(parameters, {
      name: '"Ada"',
      count: ' 42 ',
      dry_run: 'true',
      tags: '["x", "y"]',
      options: '{"retries": 3}',
      greeting: '42',
    });
    expect(result).toEqual({
      ok: true,
      parameters: {
        name: 'Ada',
        count: 42,
        dry_run: true,
        tags: ['x', 'y'],
        options: { retries: 3 },
        greeting: '42',
      },
    });
  });

  it('sends text that is not JSON as text when the parameter has no default', () => {
    expect(parseParameterValues([parameter('name', { required: true })], { name: 'Ada Lovelace' })).toEqual({
      ok: true,
      parameters: { name: 'Ada Lovelace' },
    });
  });

  it('leaves empty optional fields out so the server applies the defaults', () => {
    expect(parseParameterValues(parameters, { name: 'x', count: '', tags: '  ' })).toEqual({
      ok: true,
      parameters: { name: 'x' },
    });
  });

  it('names every invalid or missing field in plain words', () => {
    const result = parseParameterValues(parameters, {
      name: '',
      count: 'many',
      tags: '{"a": 1}',
      options: '[1',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['count', 'name', 'options', 'tags']);
    expect(result.errors.name).toMatch(/cannot run without it/);
    expect(result.errors.count).toMatch(/must be a number/);
    expect(result.errors.tags).toMatch(/JSON list/);
    expect(result.errors.options).toMatch(/JSON object/);
  });

  it('does not require a required parameter that has a default', () => {
    expect(parseParameterValues([parameter('n', { required: true, default: 5 })], {})).toEqual({
      ok: true,
      parameters: {},
    });
  });
});

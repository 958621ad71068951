import { describe, expect, it } from 'vitest';
import { tooDeepOffset } from './document-nesting.js';

describe('tooDeepOffset', () => {
  it('finds the bracket that opens one level too many', () => {
    expect(tooDeepOffset('{ a(x: [[1]]) }', 4)).toBe(-1);
    expect(tooDeepOffset('{ a(x: [[1]]) }', 3)).toBe(8);
  });

  it('counts closed brackets back down', () => {
    expect(tooDeepOffset('{ a { b } c { d } }', 2)).toBe(-1);
  });

  it('ignores brackets in strings, block strings and comments', () => {
    const text = '{ a(x: "[[[[\\"[[", y: """ {{{{ \\""" [[[ """) # (((((\n }';
    expect(tooDeepOffset(text, 2)).toBe(-1);
  });

  it('measures thousands of levels without recursion', () => {
    const text = `{ a(x: ${'['.repeat(100_000)}1${']'.repeat(100_000)}) }`;
    expect(tooDeepOffset(text, 120)).toBe(text.indexOf('[') + 118);
  });
});

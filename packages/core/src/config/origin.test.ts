import { describe, expect, it } from 'vitest';
import { parseOrigin } from './origin.js';

describe('parseOrigin', () => {
  it('accepts http(s) scheme, host and port, normalised', () => {
    expect(parseOrigin('https://UI.example.com/')).toBe('https://ui.example.com');
    expect(parseOrigin(' http://127.0.0.1:5173 ')).toBe('http://127.0.0.1:5173');
    expect(parseOrigin('https://ui.example.com:443')).toBe('https://ui.example.com');
  });

  it('refuses anything more or other than an origin', () => {
    for (const value of [
      '*',
      'ui.example.com',
      'https://ui.example.com/app',
      'https://ui.example.com/?x=1',
      'https://ui.example.com/#x',
      'https://user:pw@ui.example.com',
      'file:///tmp',
      'null',
      '',
    ]) {
      expect({ value, origin: parseOrigin(value) }).toEqual({ value, origin: undefined });
    }
  });
});

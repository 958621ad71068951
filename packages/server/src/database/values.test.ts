import { describe, expect, it } from 'vitest';
import { postgresTimestampToIso } from './values.js';

const viaDate = (text: string) => new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));

describe('postgresTimestampToIso', () => {
  it.each([
    ['2026-12-03 09:01:08.123+00', '2026-12-03T09:01:08.123Z'],
    ['2026-12-03 09:01:08.12+00', '2026-12-03T09:01:08.120Z'],
    ['2026-12-03 09:01:08+00', '2026-12-03T09:01:08.000Z'],
    ['2026-12-03 09:01:08.123999+00', '2026-12-03T09:01:08.123Z'],
    ['2026-12-03T09:01:08.1+00:00', '2026-12-03T09:01:08.100Z'],
    ['0999-01-01 00:00:00+00', '0999-01-01T00:00:00.000Z'],
  ])('reads UTC text %s without a Date', (text, iso) => {
    let parsed = false;
    expect(
      postgresTimestampToIso(text, (value) => {
        parsed = true;
        return viaDate(value);
      }),
    ).toBe(iso);
    expect(parsed).toBe(false);
  });

  it.each([
    ['2026-12-03 10:01:08.5+01', '2026-12-03T09:01:08.500Z'],
    ['2026-12-03T04:01:08-05:00', '2026-12-03T09:01:08.000Z'],
  ])('reads other offsets through the parser: %s', (text, iso) => {
    expect(postgresTimestampToIso(text, viaDate)).toBe(iso);
  });
});

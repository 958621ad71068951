import { describe, expect, it } from 'vitest';
import { defaultImageName } from './image-name.js';

describe('defaultImageName', () => {
  it('slugifies the single flow name into a valid repository component', () => {
    expect(defaultImageName(['ETL: Daily Sales'])).toBe('etl-daily-sales');
    expect(defaultImageName(['  Café—über  '])).toBe('cafe-uber');
  });

  it('uses a UUID, stable for the same flows, for several flows or an unusable name', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(defaultImageName(['a', 'b'])).toMatch(uuid);
    expect(defaultImageName(['b', 'a'])).toBe(defaultImageName(['a', 'b']));
    expect(defaultImageName(['a', 'c'])).not.toBe(defaultImageName(['a', 'b']));
    expect(defaultImageName(['!!!'])).toMatch(uuid);
  });
});

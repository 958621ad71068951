import { describe, expect, it } from 'vitest';
import { MAX_SLOTS, parseSlots } from './limits.js';

describe('parseSlots', () => {
  it('reads a whole number from 0, spaces around it allowed', () => {
    expect(parseSlots('0')).toEqual({ ok: true, value: 0 });
    expect(parseSlots(' 12 ')).toEqual({ ok: true, value: 12 });
    expect(parseSlots(String(MAX_SLOTS))).toEqual({ ok: true, value: MAX_SLOTS });
  });

  it('says what is wrong with anything else', () => {
    const wholeNumber = 'Slots must be a whole number, 0 or more (0 holds every run back).';
    for (const text of ['-1', '1.5', 'two', '1e3', '0x10', '+2']) {
      expect(parseSlots(text)).toEqual({ ok: false, error: wholeNumber });
    }
    expect(parseSlots('  ')).toEqual({ ok: false, error: 'Give the number of slots, e.g. 1.' });
    expect(parseSlots(String(MAX_SLOTS + 1))).toEqual({ ok: false, error: 'Slots must be at most 100,000.' });
  });
});

import { describe, expect, it } from 'vitest';
import { runNameCandidates } from './run-names.js';

describe('runNameCandidates', () => {
  it('draws two-word names first, then names with ever more digits', () => {
    expect(runNameCandidates(0)).toHaveLength(8);
    for (const name of runNameCandidates(0)) expect(name).toMatch(/^[a-z]+-[a-z]+$/);
    for (const name of runNameCandidates(1)) expect(name).toMatch(/^[a-z]+-[a-z]+-\d{1,2}$/);
    for (const name of runNameCandidates(4)) expect(name).toMatch(/^[a-z]+-[a-z]+-\d{1,5}$/);
  });
});

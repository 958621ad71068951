import { SCHEDULED_LIKE_STATES } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { WAITING_RUN_STATES } from './migrations.js';

describe('the waiting-runs index', () => {
  it("covers exactly core's Scheduled-like states, in the order the queue names them", () => {
    // A new Scheduled-like state needs a migration that recreates flow_run_waiting with it.
    expect(WAITING_RUN_STATES).toEqual(SCHEDULED_LIKE_STATES);
  });
});

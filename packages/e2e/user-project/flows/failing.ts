import { Flow, task } from '@headwater/core';

/** A flow whose only task fails: the run ends Failed and its logs carry the stack. */
const loadWarehouse = task(
  () => {
    throw new Error('the warehouse refused the batch');
  },
  { name: 'load-warehouse' },
);

export const flow = new Flow('failing');
flow.add(loadWarehouse);

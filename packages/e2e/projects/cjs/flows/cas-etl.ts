// A flow stored by a third-party storage plugin installed in this project.
import { Flow, Parameter, task } from '@headwater/core';
import { createCasStorage } from 'headwater-storage-cas';
import { double } from './lib/math';

const doubled = task(({ x }: { x: number }) => double(x), { name: 'double' });
const report = task(({ value }: { value: number }) => console.log(`cas-etl computed ${value}`), {
  name: 'report',
});

export const flow = new Flow('cas-etl', { storage: createCasStorage() });
const value = flow.add(doubled, { x: new Parameter('x', { default: 21 }) });
flow.add(report, { value });

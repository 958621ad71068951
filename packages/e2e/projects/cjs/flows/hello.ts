// A flow of a CommonJS project (`npm init -y`): a TypeScript helper imported without an
// extension, and an npm package that is CommonJS itself.
import { Flow, Parameter, task } from '@headwater/core';
import ms from 'ms';
import { greet } from './lib/greet';

const hello = task(
  ({ name }: { name: string }) => {
    const text = `${greet(name)} (after ${ms(90_000)})`;
    console.log(text);
    return text;
  },
  { name: 'hello' },
);

export const flow = new Flow('hello-cjs');
flow.add(hello, { name: new Parameter('name', { default: 'CommonJS' }) });

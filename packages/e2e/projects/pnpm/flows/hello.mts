// A flow of a pnpm project (strict node_modules), written as an .mts module.
import { Flow, Parameter, task } from '@headwater/core';
import { greet } from './lib/greet.mts';

const hello = task(({ name }: { name: string }) => console.log(greet(name)), { name: 'hello' });

export const flow = new Flow('hello-pnpm');
flow.add(hello, { name: new Parameter('name', { default: 'pnpm' }) });
